package org.deployforge.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge cat IMAGE PATH [--index N]}: a file's data, unchanged, on standard output. */
@Command(name = "cat", description = { "Write a file's data from an image to standard output, byte for byte.",
		"Like wimlib-imagex extract --to-stdout." })
final class CatCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1", paramLabel = "PATH", description = "The file inside the image (\\ accepted).")
	String path;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	CatCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		try (Image image = open(file, true)) {
			int chosen = index(image, index);
			String where = imagePath(path);
			out().flush();
			OutputStream sink = context.binaryOut();
			try (InputStream data = image.tree(chosen).read(where)) {
				byte[] buffer = new byte[1 << 16];
				while (true) {
					int read;
					try {
						read = data.read(buffer);
					} catch (ImageException e) {
						throw e;
					} catch (IOException e) {
						throw new ImageException(image.file(), "cannot read " + where + ": " + e.getMessage(), e);
					}
					if (read < 0) {
						break;
					}
					try {
						sink.write(buffer, 0, read);
					} catch (IOException e) {
						throw new IOException("cannot write to standard output: " + e.getMessage(), e);
					}
				}
			}
			sink.flush();
		}
		return 0;
	}
}
