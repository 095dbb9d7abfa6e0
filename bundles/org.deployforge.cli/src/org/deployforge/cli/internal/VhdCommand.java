package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImageService;
import org.deployforge.core.NoHandlerException;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.VirtualDiskCapability;
import org.deployforge.core.capability.VirtualDiskCapability.DiskResult;
import org.eclipse.core.runtime.NullProgressMonitor;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deployforge vhd info|convert|create}: virtual disks (VHD, VHDX). */
@Command(name = "vhd", description = "Virtual disks (VHD, VHDX): facts and partitions, convert, create from a WIM.",
		subcommands = { VhdCommand.Info.class, VhdCommand.Convert.class, VhdCommand.Create.class })
final class VhdCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "a vhd command is required: info, convert or create");
	}

	static VirtualDiskCapability tools(ImageService service) throws ImageException {
		return service.handler("vhd").flatMap(h -> h.capability(VirtualDiskCapability.class)).orElseThrow(
				() -> new ImageException(null, "no VHD handler is installed (bundle org.deployforge.handler.vhd)"));
	}

	/** @param name the result's file as the user typed it ({@link FileNames}) */
	static void print(PrintWriter out, DiskResult result, String name, boolean json) {
		if (json) {
			ObjectNode node = Json.object();
			node.put("file", name);
			node.put("format", result.format());
			node.put("diskType", result.diskType());
			node.put("virtualSize", result.virtualSize());
			node.put("fileSize", result.fileSize());
			result.notes().forEach(node.putArray("notes")::add);
			Json.print(out, node);
			return;
		}
		out.printf("%s: %s %s, virtual size %d bytes, file %d bytes%n", name, result.diskType(), result
				.format().toUpperCase(Locale.ROOT), result.virtualSize(), result.fileSize());
		for (String note : result.notes()) {
			out.println("  " + note);
		}
	}

	/** {@code vhd info DISK}: container facts and partitions. */
	@Command(name = "info", description = "Show a virtual disk's facts (type, sizes, creator, UUID, parent) and"
			+ " partitions.")
	static final class Info implements Callable<Integer> {
		private final ImageService service;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "DISK", description = "A .vhd or .vhdx file.")
		Path file;

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;

		@Option(names = "--replay-log", description = "If the VHDX log holds unapplied writes, replay them on a work"
				+ " copy (the file is not changed) instead of refusing.")
		boolean replayLog;

		Info(ImageService service) {
			this.service = service;
		}

		@Override
		public Integer call() throws ImageException {
			var recognised = service.detect(file).recognised();
			if (recognised.isEmpty() || !(recognised.get().id().equals("vhd") || recognised.get().id().equals("vhdx"))) {
				throw new ImageException(file, "not a virtual disk (" + recognised.map(f -> "it is a " + f.displayName())
						.orElse("no VHD footer or VHDX identifier") + ")");
			}
			OpenOptions options = replayLog ? new OpenOptions(true, null, Map.of("replayLog", "true"))
					: OpenOptions.READ_ONLY;
			try (Image image = service.open(file, options)) {
				if (!image.handlerId().equals("vhd")) {
					throw new ImageException(file, "not a virtual disk (it is " + image.format().displayName() + ")");
				}
				ImageInfo info = image.info();
				VolumeInfo disk = info.volumes().get(0);
				PrintWriter out = spec.commandLine().getOut();
				if (json) {
					ObjectNode node = Json.object();
					node.put("file", file.toString());
					node.put("format", info.format().id());
					node.put("fileSize", info.fileSize());
					ObjectNode properties = node.putObject("properties");
					info.properties().forEach(properties::put);
					node.put("layout", disk.description());
					ObjectNode partitions = node.putObject("partitions");
					disk.properties().forEach(partitions::put);
					Json.print(out, node);
					return 0;
				}
				out.printf("%s: %s, %d bytes%n", file, info.format().displayName(), info.fileSize());
				print(out, info.properties());
				out.println(disk.description() + " (shown as top-level folders of image index 1):");
				print(out, disk.properties());
				return 0;
			}
		}

		private static void print(PrintWriter out, Map<String, String> properties) {
			properties.forEach((key, value) -> out.printf("  %-25s %s%n", key + ":", value));
		}
	}

	/** {@code vhd convert SRC DEST}. */
	@Command(name = "convert", description = "Convert VHD <-> VHDX and fixed <-> dynamic with qemu-img, keeping the"
			+ " exact virtual size.")
	static final class Convert implements Callable<Integer> {
		private final ImageService service;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "SRC", description = "The disk to convert (.vhd or .vhdx).")
		Path source;

		@Parameters(index = "1", paramLabel = "DEST", description = "The new disk; .vhd or .vhdx picks the format.")
		Path destination;

		@ArgGroup(exclusive = true)
		Allocation allocation;

		@Option(names = "--force", description = Destinations.FORCE_HELP)
		boolean force;

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;

		Convert(ImageService service) {
			this.service = service;
		}

		@Override
		public Integer call() throws ImageException {
			Boolean fixed = allocation == null ? null : allocation.fixed;
			Destinations.check(destination, force);
			DiskResult result = tools(service).convert(source, destination, fixed, new NullProgressMonitor());
			print(spec.commandLine().getOut(), result, FileNames.of(spec).show(result.file()), json);
			return 0;
		}
	}

	/** --fixed | --dynamic */
	static final class Allocation {
		@Option(names = "--fixed", required = true, description = "Allocate every block now.")
		boolean fixed;

		@Option(names = "--dynamic", required = true, description = "Allocate blocks on first write (default for"
				+ " create).")
		boolean dynamic;
	}

	/** {@code vhd create IMAGE.wim DEST --index N --size SIZE}. */
	@Command(name = "create", description = { "Create a partitioned VHD/VHDX holding a WIM image index.",
			"UEFI layout: GPT with EFI System (FAT32, 100 MiB), Microsoft Reserved (16 MiB) and Windows (NTFS);"
					+ " BIOS layout: MBR with one active NTFS partition.",
			"The image is applied by wimlib in NTFS mode (security descriptors kept).",
			"The disk is NOT bootable yet: no boot files (BCD) are written." })
	static final class Create implements Callable<Integer> {
		private static final Pattern SIZE = Pattern.compile("(?i)^([0-9]+(?:\\.[0-9]+)?)\\s*(m|mib|mb|g|gib|gb|t|tib|tb)?$");

		private final ImageService service;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "IMAGE", description = "The WIM or ESD to apply.")
		Path wim;

		@Parameters(index = "1", paramLabel = "DEST", description = "The disk to create; .vhd or .vhdx picks the"
				+ " format.")
		Path destination;

		@Option(names = "--index", required = true, paramLabel = "N", description = "The 1-based image index.")
		int index;

		@Option(names = "--size", required = true, paramLabel = "SIZE", description = "Virtual disk size in GiB"
				+ " (20, 0.5) or with a unit (512M, 40G).")
		String size;

		@Option(names = "--layout", defaultValue = "uefi", paramLabel = "uefi|bios", description = "Partition layout"
				+ " (default: ${DEFAULT-VALUE}).")
		String layout;

		@ArgGroup(exclusive = true)
		Allocation allocation;

		@Option(names = "--force", description = Destinations.FORCE_HELP)
		boolean force;

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;

		Create(ImageService service) {
			this.service = service;
		}

		@Override
		public Integer call() throws ImageException {
			String chosen = layout.toLowerCase(Locale.ROOT);
			if (!chosen.equals("uefi") && !chosen.equals("bios")) {
				throw new CommandLine.ParameterException(spec.commandLine(), "--layout must be uefi or bios, not '"
						+ layout + "'");
			}
			long bytes = parseSize(size);
			boolean fixed = allocation != null && allocation.fixed;
			try (Image image = service.open(wim, OpenOptions.READ_ONLY)) {
				// the same check and message as every other command, before qemu-img and wimlib are started
				CommandBase.index(image, index);
			} catch (NoHandlerException e) {
				// no WIM handler in this runtime: the disk tools apply the image with wimlib-imagex and check it
			}
			Destinations.check(destination, force);
			DiskResult result = tools(service).create(new VirtualDiskCapability.CreateOptions(wim, index, bytes, chosen
					.equals("uefi"), fixed), destination, new NullProgressMonitor());
			print(spec.commandLine().getOut(), result, FileNames.of(spec).show(result.file()), json);
			if (!json) {
				spec.commandLine().getErr().println("deployforge: note: " + destination + " is not bootable yet (no"
						+ " BCD store or boot manager was written)");
			}
			return 0;
		}

		long parseSize(String text) {
			Matcher matcher = SIZE.matcher(text.strip());
			if (!matcher.matches()) {
				throw new CommandLine.ParameterException(spec.commandLine(), "--size '" + text
						+ "' is not a size: give GiB (20, 0.5) or a number with M, G or T");
			}
			double value = Double.parseDouble(matcher.group(1));
			String unit = matcher.group(2) == null ? "g" : matcher.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
			double factor = switch (unit) {
			case "m" -> 1024d * 1024;
			case "t" -> 1024d * 1024 * 1024 * 1024;
			default -> 1024d * 1024 * 1024;
			};
			long bytes = (long) Math.ceil(value * factor);
			if (bytes <= 0) {
				throw new CommandLine.ParameterException(spec.commandLine(), "--size must be positive");
			}
			return bytes;
		}
	}
}
