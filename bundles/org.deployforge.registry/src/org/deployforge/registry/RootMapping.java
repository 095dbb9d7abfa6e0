package org.deployforge.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Where an offline hive sits in the live registry, so {@code .reg} paths map to paths inside the hive and back:
 * {@code HKEY_LOCAL_MACHINE\SOFTWARE} is the {@code SOFTWARE} hive's root, {@code HKEY_LOCAL_MACHINE\SYSTEM} the
 * {@code SYSTEM} hive's, {@code HKEY_USERS\.DEFAULT} the {@code DEFAULT} hive's, {@code HKEY_CURRENT_USER} a user's
 * {@code NTUSER.DAT}. On input the abbreviations {@code HKLM}, {@code HKCU}, {@code HKU} and {@code HKCR} (=
 * {@code HKEY_LOCAL_MACHINE\SOFTWARE\Classes}) are accepted.
 *
 * @param root the live path of the hive's root key, in full form, e.g. {@code HKEY_LOCAL_MACHINE\SOFTWARE}
 */
public record RootMapping(String root) {

	private static final List<String[]> ABBREVIATIONS = List.of(new String[] { "HKLM", "HKEY_LOCAL_MACHINE" },
			new String[] { "HKCU", "HKEY_CURRENT_USER" }, new String[] { "HKU", "HKEY_USERS" },
			new String[] { "HKCR", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes" },
			new String[] { "HKEY_CLASSES_ROOT", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes" },
			new String[] { "HKCC", "HKEY_CURRENT_CONFIG" });

	public RootMapping {
		root = canonical(root);
	}

	/**
	 * The usual place of a hive, from its file name: SOFTWARE, SYSTEM, SAM, SECURITY, COMPONENTS, DRIVERS under
	 * {@code HKEY_LOCAL_MACHINE}; DEFAULT as {@code HKEY_USERS\.DEFAULT}; NTUSER.DAT as {@code HKEY_CURRENT_USER};
	 * UsrClass.dat as {@code HKEY_CURRENT_USER\Software\Classes}; BCD as {@code HKEY_LOCAL_MACHINE\BCD00000000}; any
	 * other file as {@code HKEY_LOCAL_MACHINE\NAME} (its name without extension, upper case).
	 */
	public static RootMapping forHive(Path hive) {
		String name = hive.getFileName().toString();
		String upper = name.toUpperCase(Locale.ROOT);
		return switch (upper) {
		case "SOFTWARE", "SYSTEM", "SAM", "SECURITY", "COMPONENTS", "DRIVERS", "HARDWARE" ->
			new RootMapping("HKEY_LOCAL_MACHINE\\" + upper);
		case "DEFAULT" -> new RootMapping("HKEY_USERS\\.DEFAULT");
		case "NTUSER.DAT" -> new RootMapping("HKEY_CURRENT_USER");
		case "USRCLASS.DAT" -> new RootMapping("HKEY_CURRENT_USER\\Software\\Classes");
		case "BCD" -> new RootMapping("HKEY_LOCAL_MACHINE\\BCD00000000");
		default -> {
			int dot = upper.lastIndexOf('.');
			String stem = dot > 0 ? upper.substring(0, dot) : upper;
			yield new RootMapping("HKEY_LOCAL_MACHINE\\" + (stem.isBlank() ? "OFFLINE" : stem));
		}
		};
	}

	/** @return the path with abbreviations expanded and separators normalised */
	public static String canonical(String path) {
		String trimmed = String.join("\\", Hive.split(path.trim()));
		String upper = trimmed.toUpperCase(Locale.ROOT);
		for (String[] abbreviation : ABBREVIATIONS) {
			if (upper.equals(abbreviation[0]) || upper.startsWith(abbreviation[0] + "\\")) {
				return abbreviation[1] + trimmed.substring(abbreviation[0].length());
			}
		}
		return trimmed;
	}

	/**
	 * @param livePath a path as in a {@code .reg} file
	 * @return the path inside the hive ({@code ""} for its root), or null when the path lies outside this hive
	 */
	public @Nullable String toHivePath(String livePath) {
		String path = canonical(livePath);
		if (path.equalsIgnoreCase(root)) {
			return "";
		}
		if (path.length() > root.length() && path.substring(0, root.length()).equalsIgnoreCase(root)
				&& path.charAt(root.length()) == '\\') {
			return path.substring(root.length() + 1);
		}
		return null;
	}

	/** @return the live path of a path inside the hive */
	public String toLivePath(String hivePath) {
		return hivePath.isEmpty() ? root : root + "\\" + hivePath;
	}
}
