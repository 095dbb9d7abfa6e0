package org.deployforge.ui.images.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.ImageEntry;
import org.eclipse.jdt.annotation.Nullable;

/**
 * One row of the Files tree: an entry of the image as on disk, overlaid with the staged changes (added, removed,
 * renamed). Only the UI thread touches nodes.
 */
public final class EntryNode {

	/** What the staged changes did to a node. */
	enum State {
		ORIGINAL, ADDED, REMOVED, RENAMED,
		/** Replaced by a changed copy (a nested editor saved it). */
		CHANGED
	}

	static final Comparator<EntryNode> ORDER = Comparator.comparing((EntryNode node) -> !node.directory)
			.thenComparing(node -> node.name.toLowerCase(Locale.ROOT));

	final @Nullable EntryNode parent;
	String name;
	final boolean directory;
	final long size;
	final @Nullable Instant modified;
	final String attributes;
	State state = State.ORIGINAL;
	/** The path before a staged rename. */
	@Nullable
	String originalPath;
	final @Nullable List<EntryNode> children;
	/** A folder whose children are not read yet (the first, shallow view of a large image). */
	boolean partial;

	EntryNode(@Nullable EntryNode parent, String name, boolean directory, long size, @Nullable Instant modified,
			String attributes) {
		this.parent = parent;
		this.name = name;
		this.directory = directory;
		this.size = size;
		this.modified = modified;
		this.attributes = attributes;
		this.children = directory ? new ArrayList<>() : null;
	}

	static EntryNode of(@Nullable EntryNode parent, ImageEntry entry) {
		return new EntryNode(parent, entry.name(), entry.directory(), entry.size(), entry.lastWriteTime(),
				entry.attributeLetters());
	}

	/** @return the in-image path, {@code /} for the root */
	String path() {
		EntryNode up = parent;
		if (up == null) {
			return "/";
		}
		String parentPath = up.path();
		return parentPath.equals("/") ? "/" + name : parentPath + "/" + name;
	}

	/** @return the child named {@code childName} (case-insensitive, as Windows names are), or null */
	@Nullable
	EntryNode child(String childName) {
		List<EntryNode> list = children;
		if (list == null) {
			return null;
		}
		for (EntryNode child : list) {
			if (child.name.equalsIgnoreCase(childName)) {
				return child;
			}
		}
		return null;
	}

	/** @return whether this node or a parent is staged for removal */
	boolean removed() {
		for (EntryNode node = this; node != null; node = node.parent) {
			if (node.state == State.REMOVED) {
				return true;
			}
		}
		return false;
	}

	void sort() {
		List<EntryNode> list = children;
		if (list != null) {
			list.sort(ORDER);
			for (EntryNode child : list) {
				child.sort();
			}
		}
	}

	/** @return every node below (and including) this one, depth first */
	void collect(List<EntryNode> into) {
		into.add(this);
		List<EntryNode> list = children;
		if (list != null) {
			for (EntryNode child : list) {
				child.collect(into);
			}
		}
	}

	@Override
	public String toString() {
		return path();
	}
}
