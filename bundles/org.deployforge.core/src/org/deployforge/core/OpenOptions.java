package org.deployforge.core;

import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

/**
 * How to open an image.
 *
 * @param readOnly      refuse every change (staging throws); lets handlers share the file with other readers
 * @param workDirectory where handlers may put temporary work files (null: beside the image, else the system temp folder)
 * @param parameters    handler-specific options, e.g. {@code "parts" -> "/a/install2.swm"}
 */
public record OpenOptions(boolean readOnly, @Nullable Path workDirectory, Map<String, String> parameters) {

	/** Read-write, default work folder, no parameters. */
	public static final OpenOptions DEFAULT = new OpenOptions(false, null, Map.of());

	/** Read-only, default work folder, no parameters. */
	public static final OpenOptions READ_ONLY = new OpenOptions(true, null, Map.of());

	public OpenOptions {
		parameters = Map.copyOf(parameters);
	}
}
