package org.deployforge.ui.images.internal;

/** Finds Files-page nodes by in-image path, for tests and other bundles that drive the editor. */
public final class EntryNodeAccess {

	private EntryNodeAccess() {
	}

	/**
	 * @return the node at {@code path} in the tree the editor's Files page shows
	 * @throws IllegalArgumentException when nothing is at {@code path}
	 */
	public static EntryNode node(ImageEditor editor, String path) {
		EntryNode node = editor.filesPage().find(path);
		if (node == null) {
			throw new IllegalArgumentException("no entry " + path + " in the Files page");
		}
		return node;
	}
}
