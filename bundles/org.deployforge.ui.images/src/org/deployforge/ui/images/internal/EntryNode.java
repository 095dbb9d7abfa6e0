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
	/** A folder whose children are not read yet (a large image's tree is read one folder at a time). */
	boolean partial;
	/** A partial folder whose children are being read. */
	boolean loading;
	/** The "reading…" row shown under a folder while its children are read; never an entry of the image. */
	boolean placeholder;

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

	/** @return the row shown under {@code folder} while its children are read */
	static EntryNode placeholder(EntryNode folder) {
		EntryNode node = new EntryNode(folder, "reading\u2026", false, 0, null, "");
		node.placeholder = true;
		return node;
	}

	/**
	 * @return the path of this entry in the image as it is on disk (before staged renames): what the handler's
	 *         {@code ImageTree.list} and {@code walk} know it by
	 */
	String diskPath() {
		EntryNode up = parent;
		if (up == null) {
			return "/";
		}
		String own = name;
		String original = originalPath;
		if (state == State.RENAMED && original != null) {
			own = original.substring(original.lastIndexOf('/') + 1);
		}
		String parentPath = up.diskPath();
		return parentPath.equals("/") ? "/" + own : parentPath + "/" + own;
	}

	/** @return whether this folder or one below it still has children that are not read */
	boolean hasPartial() {
		if (partial) {
			return true;
		}
		List<EntryNode> list = children;
		if (list != null) {
			for (EntryNode child : list) {
				if (child.directory && child.hasPartial()) {
					return true;
				}
			}
		}
		return false;
	}

	/** Adds the partial folders at and below this one to {@code into}. */
	void collectPartial(java.util.Map<String, EntryNode> into) {
		if (partial) {
			into.put(diskPath(), this);
			return;
		}
		List<EntryNode> list = children;
		if (list != null) {
			for (EntryNode child : list) {
				if (child.directory) {
					child.collectPartial(into);
				}
			}
		}
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
