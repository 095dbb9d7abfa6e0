package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageService;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.VerificationFailedException;
import org.deployforge.registry.EmptyHive;
import org.deployforge.registry.Hive;
import org.deployforge.registry.HiveCommitResult;
import org.deployforge.registry.ImageHive;
import org.deployforge.registry.KeyInfo;
import org.deployforge.registry.RegFile;
import org.deployforge.registry.RegValue;
import org.deployforge.registry.RootMapping;
import org.deployforge.registry.ValueType;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code deployforge reg ls|get|set|rm|import|export|new}: offline registry hives, on their own or inside an image
 * ({@code install.wim::Windows/System32/config/SOFTWARE}).
 */
@Command(name = "reg", mixinStandardHelpOptions = true, description = "Read and change offline registry hives (files, or IMAGE::PATH_IN_IMAGE).",
		subcommands = { RegCommand.Ls.class, RegCommand.Get.class, RegCommand.Set.class, RegCommand.Rm.class,
				RegCommand.Import.class, RegCommand.Export.class, RegCommand.New.class })
final class RegCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(),
				"a subcommand is required: ls, get, set, rm, import, export or new");
	}

	/** The options every reg subcommand shares. */
	static final class Common {
		@Option(names = "--index", paramLabel = "N", defaultValue = "1",
				description = "Image index, for IMAGE::PATH targets (default ${DEFAULT-VALUE}).")
		int index;

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;
	}

	/** The base of the subcommands: opens the target, runs, commits, prints. */
	abstract static class Base implements Callable<Integer> {

		final ImageService service;

		@Spec
		CommandSpec spec;

		@Mixin
		Common common;

		@Parameters(index = "0", paramLabel = "HIVE_OR_IMAGE",
				description = "A hive file, or IMAGE::PATH_IN_IMAGE (e.g. install.wim::Windows/System32/config/SOFTWARE).")
		String target;

		Base(ImageService service) {
			this.service = service;
		}

		PrintWriter out() {
			return spec.commandLine().getOut();
		}

		/** An open hive, on its own or in an image. */
		final class Session implements AutoCloseable {
			final Hive hive;
			final @Nullable ImageHive imageHive;
			final ImageHive.Target parsed;

			Session(boolean writable, boolean force) throws ImageException {
				parsed = ImageHive.Target.parse(target);
				String pathInImage = parsed.pathInImage();
				if (pathInImage == null) {
					imageHive = null;
					hive = writable ? Hive.openForWrite(parsed.file(), force) : Hive.open(parsed.file());
				} else {
					try (Image image = service.open(parsed.file(), OpenOptions.READ_ONLY)) {
						// an index that does not exist is a usage error listing the images, as for every command
						CommandBase.index(image, common.index);
					}
					imageHive = ImageHive.open(service, parsed.file(), common.index, pathInImage, writable, force);
					hive = imageHive.hive();
				}
			}

			/** @return the name used to pick the default .reg root: the hive's own file name */
			Path hiveName() {
				String pathInImage = parsed.pathInImage();
				return pathInImage == null ? parsed.file() : Path.of(pathInImage.replace('\\', '/')).getFileName();
			}

			/** Commits the hive (and the image), returns the notes to print. */
			List<String> commit() throws ImageException {
				List<String> notes = new ArrayList<>();
				if (imageHive != null) {
					ImageHive.Result result = imageHive.commit(new NullProgressMonitor());
					notes.add("read back " + result.hive().verified() + " changed keys/values: all match");
					notes.addAll(result.hive().notes());
					notes.addAll(result.image().notes());
				} else {
					HiveCommitResult result = hive.commit();
					notes.add("read back " + result.verified() + " changed keys/values: all match");
					notes.addAll(result.notes());
				}
				return notes;
			}

			@Override
			public void close() {
				if (imageHive != null) {
					imageHive.close();
				} else {
					hive.close();
				}
			}
		}

		@Override
		public Integer call() throws ImageException {
			try {
				return execute();
			} catch (VerificationFailedException e) {
				spec.commandLine().getErr().println("deployforge: " + e.getMessage());
				return DeployForgeCli.VERIFICATION_FAILED;
			}
		}

		abstract int execute() throws ImageException;

		void printNotes(List<String> notes) {
			for (String note : notes) {
				out().println("note: " + note);
			}
		}

		ObjectNode jsonBase(Session session) {
			ObjectNode root = Json.object();
			root.put("target", session.parsed.toString());
			ObjectNode state = root.putObject("state");
			state.put("dirty", session.hive.state().dirty());
			state.put("explanation", session.hive.state().explanation());
			return root;
		}

		static void notes(ObjectNode node, List<String> notes) {
			ArrayNode array = node.putArray("notes");
			notes.forEach(array::add);
		}

		static String keyLabel(String path) {
			return path.isEmpty() ? "\\" : path;
		}
	}

	static ObjectNode valueJson(ObjectNode node, RegValue value) {
		node.put("name", value.name());
		node.put("type", value.typeShortName());
		node.put("typeCode", value.type());
		node.put("size", value.size());
		String string = value.asString();
		List<String> strings = value.asStrings();
		Long number = value.asNumber();
		if (string != null) {
			node.put("data", string);
		} else if (strings != null) {
			ArrayNode array = node.putArray("data");
			strings.forEach(array::add);
		} else if (number != null) {
			node.put("data", number);
		}
		node.put("hex", HexFormat.of().formatHex(value.data()));
		return node;
	}

	static String valueLine(RegValue value) {
		return String.format("%-24s %-16s %s", value.name().isEmpty() ? "@" : value.name(), value.typeName(),
				value.display().replace("\n", " | "));
	}

	@Command(name = "ls", mixinStandardHelpOptions = true, description = "List a key's subkeys and values.")
	static final class Ls extends Base {

		@Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "Key path (default: the root).")
		String key = "";

		Ls(ImageService service) {
			super(service);
		}

		@Override
		int execute() throws ImageException {
			try (Session session = new Session(false, false)) {
				Hive hive = session.hive;
				String resolved = hive.resolve(key);
				KeyInfo info = hive.key(resolved).orElseThrow(
						() -> new org.deployforge.core.EntryNotFoundException(hive.label(), "no key '" + keyLabel(key) + "'"));
				List<KeyInfo> subkeys = hive.subkeys(resolved);
				List<RegValue> values = hive.values(resolved);
				if (common.json) {
					ObjectNode root = jsonBase(session);
					root.put("key", resolved);
					root.put("lastWritten", info.lastWritten().toString());
					root.put("className", info.className());
					ArrayNode keys = root.putArray("subkeys");
					for (KeyInfo subkey : subkeys) {
						ObjectNode node = keys.addObject();
						node.put("name", subkey.name());
						node.put("lastWritten", subkey.lastWritten().toString());
						node.put("className", subkey.className());
						node.put("subkeys", subkey.subkeys());
						node.put("values", subkey.values());
					}
					ArrayNode array = root.putArray("values");
					values.forEach(value -> valueJson(array.addObject(), value));
					notes(root, hive.notes());
					Json.print(out(), root);
					return 0;
				}
				out().println("[" + keyLabel(resolved) + "]  last written " + info.lastWritten()
						+ (info.className() == null ? "" : ", class " + info.className()));
				if (session.hive.state().dirty()) {
					out().println("warning: " + session.hive.state().explanation());
				}
				for (KeyInfo subkey : subkeys) {
					out().printf("  %-40s %s  (%d subkeys, %d values)%n", subkey.name() + "\\", subkey.lastWritten(),
							subkey.subkeys(), subkey.values());
				}
				for (RegValue value : values) {
					out().println("  " + valueLine(value));
				}
				printNotes(hive.notes());
				return 0;
			}
		}
	}

	@Command(name = "get", mixinStandardHelpOptions = true, description = "Print one value's data (strings as text, numbers in decimal, bytes in hex).")
	static final class Get extends Base {

		@Parameters(index = "1", paramLabel = "KEY", description = "Key path.")
		String key;

		@Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "Value name (@ or omitted: the default value).")
		String value = "@";

		Get(ImageService service) {
			super(service);
		}

		@Override
		int execute() throws ImageException {
			String name = value.equals("@") ? "" : value;
			try (Session session = new Session(false, false)) {
				Hive hive = session.hive;
				if (!hive.exists(key)) {
					throw new org.deployforge.core.EntryNotFoundException(hive.label(), "no key '" + keyLabel(key) + "'");
				}
				RegValue found = hive.value(key, name).orElseThrow(() -> new org.deployforge.core.EntryNotFoundException(
						hive.label(), "no value '" + value + "' in '" + keyLabel(key) + "'"));
				if (common.json) {
					ObjectNode root = jsonBase(session);
					root.put("key", hive.resolve(key));
					valueJson(root.putObject("value"), found);
					notes(root, hive.notes());
					Json.print(out(), root);
					return 0;
				}
				String string = found.asString();
				List<String> strings = found.asStrings();
				Long number = found.asNumber();
				if (string != null) {
					out().println(string);
				} else if (strings != null) {
					strings.forEach(out()::println);
				} else if (number != null) {
					out().println(found.type() == ValueType.QWORD.code() ? Long.toUnsignedString(number) : number);
				} else {
					out().println(HexFormat.ofDelimiter(",").formatHex(found.data()));
				}
				for (String note : hive.notes()) {
					spec.commandLine().getErr().println("note: " + note);
				}
				return 0;
			}
		}
	}

	@Command(name = "set", mixinStandardHelpOptions = true, description = "Set a value (the key is created when missing), commit, read back.")
	static final class Set extends Base {

		@Parameters(index = "1", paramLabel = "KEY", description = "Key path.")
		String key;

		@Parameters(index = "2", paramLabel = "VALUE", description = "Value name (@: the default value).")
		String value;

		@Parameters(index = "3..*", arity = "0..*", paramLabel = "DATA",
				description = "The data: text; for multi_sz one argument per string; numbers decimal or 0x hex; "
						+ "binary types as hex bytes (01,02,ff).")
		List<String> data = new ArrayList<>();

		@Option(names = "--type", paramLabel = "T", defaultValue = "sz",
				description = "sz, expand_sz, multi_sz, dword, dword_be, qword, binary, none, link, or a number "
						+ "(any REG_* code, data in hex) (default ${DEFAULT-VALUE}).")
		String type;

		@Option(names = "--force", description = "Write even though the hive is dirty (its logs are left untouched).")
		boolean force;

		Set(ImageService service) {
			super(service);
		}

		@Override
		int execute() throws ImageException {
			String name = value.equals("@") ? "" : value;
			RegValue parsed = parse(name);
			try (Session session = new Session(true, force)) {
				Hive hive = session.hive;
				boolean created = hive.createKey(key);
				hive.setValue(key, parsed);
				String resolved = hive.resolve(key);
				List<String> notes = new ArrayList<>();
				if (created) {
					notes.add("created key '" + resolved + "'");
				}
				notes.addAll(session.commit());
				if (common.json) {
					ObjectNode root = jsonBase(session);
					root.put("key", resolved);
					valueJson(root.putObject("value"), parsed);
					root.put("verified", true);
					notes(root, notes);
					Json.print(out(), root);
				} else {
					out().println("set " + resolved + "\\" + (name.isEmpty() ? "@" : name) + " ("
							+ parsed.typeName() + ") = " + parsed.display().replace("\n", " | "));
					printNotes(notes);
				}
				return 0;
			}
		}

		private RegValue parse(String name) {
			ValueType known = ValueType.parse(type).orElse(null);
			try {
				if (known == null) {
					int code = type.startsWith("0x") ? Integer.parseUnsignedInt(type.substring(2), 16)
							: Integer.parseUnsignedInt(type);
					return new RegValue(name, code, RegValue.parseHex(String.join(",", data)));
				}
				if (known == ValueType.MULTI_SZ) {
					return RegValue.multiString(name, data);
				}
				if (data.size() != 1 && !(data.isEmpty() && isBytes(known))) {
					throw new CommandLine.ParameterException(spec.commandLine(),
							"--type " + type + " takes exactly one DATA argument, got " + data.size());
				}
				return RegValue.parse(name, known, data.isEmpty() ? "" : data.get(0));
			} catch (NumberFormatException e) {
				throw new CommandLine.ParameterException(spec.commandLine(), "unknown --type '" + type + "'");
			} catch (IllegalArgumentException e) {
				throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
			}
		}

		private static boolean isBytes(ValueType type) {
			return type != ValueType.SZ && type != ValueType.EXPAND_SZ && type != ValueType.LINK
					&& type != ValueType.DWORD && type != ValueType.DWORD_BIG_ENDIAN && type != ValueType.QWORD;
		}
	}

	@Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a value, or a key with all its subkeys and values; commit, read back.")
	static final class Rm extends Base {

		@Parameters(index = "1", paramLabel = "KEY", description = "Key path.")
		String key;

		@Parameters(index = "2", arity = "0..1", paramLabel = "VALUE",
				description = "Value name (@: the default value); omitted: delete the key.")
		@Nullable
		String value;

		@Option(names = "--force", description = "Write even though the hive is dirty (its logs are left untouched).")
		boolean force;

		Rm(ImageService service) {
			super(service);
		}

		@Override
		int execute() throws ImageException {
			try (Session session = new Session(true, force)) {
				Hive hive = session.hive;
				String resolved = hive.resolve(key);
				String name = value == null ? null : value.equals("@") ? "" : value;
				boolean removed = name == null ? hive.deleteKey(key) : hive.deleteValue(key, name);
				String what = name == null ? "key '" + keyLabel(resolved) + "'"
						: "value '" + value + "' in '" + keyLabel(resolved) + "'";
				if (!removed) {
					throw new org.deployforge.core.EntryNotFoundException(hive.label(), "no " + what);
				}
				List<String> notes = session.commit();
				if (common.json) {
					ObjectNode root = jsonBase(session);
					root.put("removed", what);
					notes(root, notes);
					Json.print(out(), root);
				} else {
					out().println("deleted " + what);
					printNotes(notes);
				}
				return 0;
			}
		}
	}

	@Command(name = "import", mixinStandardHelpOptions = true, description = "Apply a regedit .reg file (all lines checked first), commit, read back.")
	static final class Import extends Base {

		@Parameters(index = "1", paramLabel = "FILE.reg", description = "The .reg file (UTF-16LE with BOM, UTF-8 or ANSI).")
		Path regFile;

		@Option(names = "--root", paramLabel = "ROOT",
				description = "Where the hive sits in the live registry, e.g. HKLM\\SOFTWARE (default: from the hive's file name).")
		@Nullable
		String root;

		@Option(names = "--force", description = "Write even though the hive is dirty (its logs are left untouched).")
		boolean force;

		Import(ImageService service) {
			super(service);
		}

		@Override
		int execute() throws ImageException {
			try (Session session = new Session(true, force)) {
				RootMapping mapping = root == null ? RootMapping.forHive(session.hiveName()) : new RootMapping(root);
				RegFile.Script script = RegFile.read(regFile, mapping);
				RegFile.ImportResult result = script.applyTo(session.hive);
				List<String> notes = session.commit();
				if (common.json) {
					ObjectNode node = jsonBase(session);
					node.put("root", mapping.root());
					node.put("keysCreated", result.keysCreated());
					node.put("keysDeleted", result.keysDeleted());
					node.put("valuesSet", result.valuesSet());
					node.put("valuesDeleted", result.valuesDeleted());
					notes(node, notes);
					Json.print(out(), node);
				} else {
					out().printf("imported %s as %s: %d keys created, %d keys deleted, %d values set, %d values deleted%n",
							regFile, mapping.root(), result.keysCreated(), result.keysDeleted(), result.valuesSet(),
							result.valuesDeleted());
					printNotes(notes);
				}
				return 0;
			}
		}
	}

	@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a key and its subkeys as a regedit .reg file.")
	static final class Export extends Base {

		@Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "Key path (default: the whole hive).")
		String key = "";

		@Option(names = { "-o", "--output" }, paramLabel = "FILE.reg",
				description = "Write the file (UTF-16LE with BOM, as regedit); without it the text goes to standard output.")
		@Nullable
		Path output;

		@Option(names = "--root", paramLabel = "ROOT",
				description = "Where the hive sits in the live registry, e.g. HKLM\\SOFTWARE (default: from the hive's file name).")
		@Nullable
		String root;

		Export(ImageService service) {
			super(service);
		}

		@Override
		int execute() throws ImageException {
			try (Session session = new Session(false, false)) {
				RootMapping mapping = root == null ? RootMapping.forHive(session.hiveName()) : new RootMapping(root);
				RegFile.Export export = RegFile.export(session.hive, key, mapping);
				List<String> notes = new ArrayList<>(session.hive.notes());
				notes.addAll(export.notes());
				Path target = output;
				if (target != null) {
					RegFile.write(target, export);
				}
				if (common.json) {
					ObjectNode node = jsonBase(session);
					node.put("root", mapping.root());
					node.put("output", target == null ? null : target.toString());
					node.put("keys", export.keys());
					node.put("values", export.values());
					if (target == null) {
						node.put("text", export.text());
					}
					notes(node, notes);
					Json.print(out(), node);
				} else if (target == null) {
					out().print(export.text().replace("\r\n", System.lineSeparator()));
					for (String note : notes) {
						spec.commandLine().getErr().println("note: " + note);
					}
				} else {
					out().printf("exported %d keys, %d values to %s (UTF-16LE with BOM, as regedit writes)%n",
							export.keys(), export.values(), target);
					printNotes(notes);
				}
				return 0;
			}
		}
	}

	@Command(name = "new", mixinStandardHelpOptions = true, description = "Create an empty hive file (8 KiB: base block, one hive bin, root key).")
	static final class New implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "FILE", description = "The hive to create (must not exist).")
		Path file;

		@Option(names = "--root-name", paramLabel = "NAME", defaultValue = EmptyHive.DEFAULT_ROOT_NAME,
				description = "The root key's name (default ${DEFAULT-VALUE}).")
		String rootName;

		@Override
		public Integer call() throws ImageException {
			String typed = spec.commandLine().getParseResult().matchedPositional(0).stringValues().get(0);
			if (typed.endsWith("/") || typed.endsWith(java.io.File.separator) || java.nio.file.Files.isDirectory(file)) {
				throw new ImageException(file, "is a folder name; give the hive file to create (e.g. " + file.resolve(
						"SOFTWARE") + ")");
			}
			EmptyHive.create(file, rootName);
			spec.commandLine().getOut().println("created empty hive " + file);
			return 0;
		}
	}
}
