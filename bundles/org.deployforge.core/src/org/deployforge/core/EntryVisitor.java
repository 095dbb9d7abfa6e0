package org.deployforge.core;

/** Receives entries one at a time from {@link ImageTree#walk(String, EntryVisitor)}. */
@FunctionalInterface
public interface EntryVisitor {

	/**
	 * @param entry the next entry, a folder before its contents
	 * @return false to stop the walk
	 */
	boolean visit(ImageEntry entry) throws ImageException;
}
