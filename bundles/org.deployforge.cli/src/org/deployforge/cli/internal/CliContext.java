package org.deployforge.cli.internal;

import java.io.InputStream;
import java.io.OutputStream;

import org.deployforge.core.ImageService;

/**
 * What every command works with besides its arguments.
 *
 * @param service       the image service (every handler installed right now)
 * @param in            standard input ({@code update} reads its command lines from it)
 * @param binaryOut     standard output as bytes ({@code cat} writes file data to it unchanged); text output goes
 *                      through picocli's {@code getOut()} writer
 * @param terminal      whether standard error is a terminal: progress is then drawn as a bar, else written as lines
 * @param interruptible whether Ctrl-C (SIGINT) and SIGTERM cancel running work through a shutdown hook (the real
 *                      process); false in-process
 */
public record CliContext(ImageService service, InputStream in, OutputStream binaryOut, boolean terminal,
		boolean interruptible) {
}
