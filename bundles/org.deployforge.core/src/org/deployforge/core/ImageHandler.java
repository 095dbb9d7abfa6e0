package org.deployforge.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.deployforge.core.capability.HandlerCapability;

/**
 * A format handler, registered as an OSGi service (a DS {@code @Component}). {@link ImageService} tracks every
 * handler dynamically, so a handler bundle installed at run time is used at once and one stopped disappears cleanly.
 * <p>
 * Contract: {@link #probe(ProbeInput)} is cheap and never throws; {@link #open(Path, OpenOptions)} reports every
 * problem as an {@link ImageException} whose message names the file and the reason, and never lets a native failure
 * take the JVM down.
 */
public interface ImageHandler {

	/** @return a stable id, e.g. {@code "wim"}, shown by {@code deployforge formats} */
	String id();

	/** @return the name shown to people, e.g. "WIM, ESD and split WIM (wimlib)" */
	String displayName();

	/** @return the formats this handler opens */
	List<ImageFormat> formats();

	/**
	 * @param input the first and last bytes of the file
	 * @return confidence that this handler opens the file: 0 not mine, 100 certain (a signature matched)
	 */
	int probe(ProbeInput input);

	/**
	 * Opens an image.
	 *
	 * @param file    the image file
	 * @param options how to open it
	 * @return the open session; the caller closes it
	 * @throws ImageException when the file cannot be opened (corrupt, encrypted, missing parts, …)
	 */
	Image open(Path file, OpenOptions options) throws ImageException;

	/**
	 * Asks for an operation that creates images rather than changing an open one (capture, join, build ISO).
	 *
	 * @return the capability, or empty when the handler does not offer it
	 */
	default <T extends HandlerCapability> Optional<T> capability(Class<T> type) {
		return Optional.empty();
	}
}
