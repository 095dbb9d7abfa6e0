package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.CommitResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.capability.InstallWimSplitCapability;
import org.deployforge.core.capability.IsoBuildCapability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deployforge iso …}: operations on ISO install media (build from a folder, split install.wim for FAT32). */
@Command(name = "iso", description = "Windows install media: build a bootable ISO, split install.wim for FAT32.",
		subcommands = { IsoCommand.Build.class, IsoCommand.SplitWim.class })
final class IsoCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "an iso command is required (build, split-wim)");
	}

	/** Prints a commit-like result as text or JSON. */
	static void print(PrintWriter out, CommitResult result, String name, String verb, boolean json) {
		print(out, result, name, verb, json, true);
	}

	/**
	 * Prints a result; {@code written} false says the file named was left as it was (nothing to do).
	 *
	 * @param name the result's file as the user typed it ({@link FileNames})
	 */
	static void print(PrintWriter out, CommitResult result, String name, String verb, boolean json,
			boolean written) {
		if (json) {
			ObjectNode node = Json.object();
			node.put("file", name);
			node.put("bytes", result.bytes());
			node.put("written", written);
			ArrayNode notes = node.putArray("notes");
			result.notes().forEach(notes::add);
			Json.print(out, node);
			return;
		}
		if (written) {
			out.printf("%s %s (%,d bytes)%n", verb, name, result.bytes());
		}
		for (String note : result.notes()) {
			out.println("  " + note);
		}
	}

	/** {@code deployforge iso build DIR DEST.iso [--label L]}. */
	@Command(name = "build", description = {
			"Build a bootable ISO (BIOS + UEFI, ISO 9660 + Joliet + UDF) from a folder laid out like Windows media:",
			"boot/etfsboot.com becomes the BIOS El Torito entry (no emulation, load size 8),",
			"efi/microsoft/boot/efisys.bin the UEFI entry (platform 0xEF)." })
	static final class Build implements Callable<Integer> {

		private final ImageService service;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "DIR", description = "The media folder (becomes the ISO root).")
		Path directory;

		@Parameters(index = "1", paramLabel = "DEST.iso", description = "The ISO to write.")
		Path destination;

		@Option(names = "--force", description = Destinations.FORCE_HELP)
		boolean force;

		@Option(names = "--label", paramLabel = "L", description = "Volume label (at most 32 characters; default: the folder name in upper case).")
		String label;

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;

		private final CliContext context;

		Build(CliContext context) {
			this.context = context;
			this.service = context.service();
		}

		@Override
		public Integer call() throws ImageException {
			ImageHandler handler = service.handler("iso").orElse(null);
			IsoBuildCapability builder = handler == null ? null
					: handler.capability(IsoBuildCapability.class).orElse(null);
			if (builder == null) {
				spec.commandLine().getErr().println("deployforge: no installed handler can build ISO images"
						+ " (install the org.deployforge.handler.iso bundle)");
				return DeployForgeCli.FAILED;
			}
			Destinations.check(destination, force);
			CommitResult result;
			// a console progress: Ctrl-C or SIGTERM cancels, which stops genisoimage and removes the file being written
			try (ConsoleProgress progress = ConsoleProgress.start(context, spec.commandLine().getErr(), "Building")) {
				result = builder.build(directory, destination, label, progress);
			}
			print(spec.commandLine().getOut(), result, FileNames.of(spec).show(result.file()), "Built", json);
			return DeployForgeCli.OK;
		}
	}

	/** @return whether both name the same existing file (writing the media in place is allowed) */
	static boolean sameFile(Path a, Path b) {
		try {
			return java.nio.file.Files.exists(b) && java.nio.file.Files.isSameFile(a, b);
		} catch (java.io.IOException e) {
			return false;
		}
	}

	/** {@code deployforge iso split-wim IMAGE.iso DEST.iso}. */
	@Command(name = "split-wim", description = {
			"Write new media with sources/install.wim replaced by install.swm, install2.swm, … parts that FAT32"
					+ " can hold (each under 4 GiB), so the media fit a FAT32 USB stick; Windows Setup reads the"
					+ " parts as one image.",
			"An install.wim no larger than the part size needs no split: that is said, nothing is written, and"
					+ " the exit code is 0." })
	static final class SplitWim implements Callable<Integer> {

		private static final String INSTALL_WIM = "/sources/install.wim";

		private final ImageService service;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "IMAGE.iso", description = "The install media.")
		Path image;

		@Parameters(index = "1", paramLabel = "DEST.iso", description = "The ISO to write (may be IMAGE.iso itself).")
		Path destination;

		@Option(names = "--force", description = Destinations.FORCE_HELP)
		boolean force;

		@Option(names = "--max-part-size", paramLabel = "MiB", description = "Largest part in MiB (default 3800, at most 4095).")
		long maxPartMebibytes = InstallWimSplitCapability.DEFAULT_PART_BYTES / (1024 * 1024);

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;

		private final CliContext context;

		SplitWim(CliContext context) {
			this.context = context;
			this.service = context.service();
		}

		@Override
		public Integer call() throws java.io.IOException {
			long bytes = maxPartMebibytes * 1024 * 1024;
			if (maxPartMebibytes <= 0 || bytes > InstallWimSplitCapability.FAT32_MAX_FILE_BYTES) {
				throw new CommandLine.ParameterException(spec.commandLine(),
						"--max-part-size must be between 1 and 4095 MiB (FAT32 holds files up to 4 GiB - 1 byte)");
			}
			if (!sameFile(image, destination)) {
				Destinations.check(destination, force);
			}
			try (Image opened = service.open(image, OpenOptions.DEFAULT)) {
				InstallWimSplitCapability split = opened.capability(InstallWimSplitCapability.class).orElse(null);
				if (split == null) {
					spec.commandLine().getErr().println("deployforge: " + image + ": the " + opened.handlerId()
							+ " handler cannot split install.wim (not an ISO?)");
					return DeployForgeCli.FAILED;
				}
				ImageEntry wim = opened.tree(1).find(INSTALL_WIM).orElse(null);
				if (wim != null && !wim.directory() && wim.size() <= bytes) {
					// a WIM that fits one part fits FAT32 as it is (the usual recipes split only an install.wim
					// over 4 GiB); the one-part .swm set wimlib-imagex split and DISM /Split-Image would write
					// only renames it
					String note = "no split needed: " + INSTALL_WIM.substring(1) + " (" + Text.bytes(wim.size())
							+ ") is no larger than the part size (" + maxPartMebibytes + " MiB), so the media fit FAT32"
							+ " as they are; nothing was written"
							+ (sameFile(image, destination) || image.equals(destination) ? ""
									: " (" + destination + " was not written: use " + image + " as it is)");
					long size = java.nio.file.Files.size(image);
					if (json) {
						print(spec.commandLine().getOut(), new CommitResult(image, 0, size, List.of(note)),
								image.toString(), "", true, false);
					} else {
						spec.commandLine().getOut().println(image + ": " + note);
					}
					return DeployForgeCli.OK;
				}
				CommitResult result;
				try (ConsoleProgress progress = ConsoleProgress.start(context, spec.commandLine().getErr(),
						"Writing")) {
					result = split.splitInstallWim(destination, bytes, progress);
				}
				print(spec.commandLine().getOut(), result, FileNames.of(spec).show(result.file()), "Wrote", json);
			}
			return DeployForgeCli.OK;
		}
	}
}
