package org.deployforge.handler.vhd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/** Runs the Debian tools this handler drives (qemu-img, sgdisk, sfdisk, mkntfs, mkfs.vfat, wimlib-imagex). */
public final class Tool {

	/** What a finished tool said. */
	public record Result(int exitCode, String stdout, String stderr) {
	}

	private Tool() {
	}

	/**
	 * Runs a tool to its end.
	 *
	 * @param file    the image the error messages name
	 * @param stdin   bytes to feed on standard input, or null
	 * @param minutes time limit
	 * @throws ImageException when the tool cannot start, times out or exits non-zero (the message quotes its stderr)
	 */
	public static Result ok(@Nullable Path file, byte @Nullable [] stdin, long minutes, List<String> command)
			throws ImageException {
		Result result = run(file, stdin, minutes, command);
		if (result.exitCode() != 0) {
			String said = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
			throw new ImageException(file, command.get(0) + " failed (exit code " + result.exitCode() + "): " + last(
					said, 800));
		}
		return result;
	}

	public static Result ok(@Nullable Path file, String... command) throws ImageException {
		return ok(file, null, 30, List.of(command));
	}

	public static Result run(@Nullable Path file, byte @Nullable [] stdin, long minutes, List<String> command)
			throws ImageException {
		Process process;
		try {
			process = new ProcessBuilder(command).start();
		} catch (IOException e) {
			throw new ImageException(file, "cannot run " + command.get(0) + " (" + packageOf(command.get(0))
					+ "): " + e.getMessage(), e);
		}
		try {
			CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process, true));
			CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process, false));
			try (var in = process.getOutputStream()) {
				if (stdin != null) {
					in.write(stdin);
				}
			} catch (IOException e) {
				// the tool closed its input early; its exit code tells the rest
			}
			if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new ImageException(file, command.get(0) + " did not finish in " + minutes + " minutes");
			}
			return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err
					.join(), StandardCharsets.UTF_8));
		} catch (InterruptedException e) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new ImageException(file, command.get(0) + " was interrupted", e);
		}
	}

	private static byte[] drain(Process process, boolean error) {
		try {
			return (error ? process.getErrorStream() : process.getInputStream()).readAllBytes();
		} catch (IOException e) {
			return new byte[0];
		}
	}

	static String last(String text, int max) {
		return text.length() <= max ? text : "…" + text.substring(text.length() - max);
	}

	/** @return the Debian package that ships a tool, for error messages */
	static String packageOf(String tool) {
		return switch (tool) {
		case "qemu-img" -> "Debian package qemu-utils";
		case "qemu-storage-daemon" -> "Debian package qemu-system-common";
		case "ntfs-3g", "mkntfs", "ntfsls", "ntfscat" -> "Debian package ntfs-3g";
		case "sgdisk" -> "Debian package gdisk";
		case "sfdisk" -> "Debian package fdisk";
		case "mkfs.vfat" -> "Debian package dosfstools";
		case "wimlib-imagex" -> "Debian package wimtools";
		case "fusermount", "fusermount3" -> "Debian package fuse3";
		default -> "install it with releng/install-deps.sh";
		};
	}
}
