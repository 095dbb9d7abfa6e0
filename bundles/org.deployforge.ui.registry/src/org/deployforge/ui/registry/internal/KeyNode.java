package org.deployforge.ui.registry.internal;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A key as the keys tree shows it. Children are read when the key is first expanded ({@link RegistryEditor} fills
 * {@link #children}); {@link #subkeys} (from {@code KeyInfo}) says whether there is anything to expand.
 */
final class KeyNode {

	final @Nullable KeyNode parent;
	String name;
	int subkeys;
	@Nullable
	List<KeyNode> children;

	KeyNode(@Nullable KeyNode parent, String name, int subkeys) {
		this.parent = parent;
		this.name = name;
		this.subkeys = subkeys;
	}

	/** @return the key's path from the hive root, {@code \}-separated ({@code ""} for the root) */
	String path() {
		KeyNode up = parent;
		if (up == null) {
			return "";
		}
		String above = up.path();
		return above.isEmpty() ? name : above + "\\" + name;
	}

	/** @return the loaded child of that name (case-insensitive), or null */
	@Nullable
	KeyNode child(String childName) {
		List<KeyNode> list = children;
		if (list != null) {
			for (KeyNode child : list) {
				if (child.name.equalsIgnoreCase(childName)) {
					return child;
				}
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return path();
	}
}
