package org.deployforge.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whiteboard of {@link ImageHandler} services: which formats can be opened right now, and the entry point for
 * opening a file. Handlers come and go at run time; every call sees the current set.
 */
public interface ImageService {

	/** @return the handlers present now, highest service ranking first */
	List<ImageHandler> handlers();

	/** @return the handler with that id, if present now */
	Optional<ImageHandler> handler(String id);

	/**
	 * Says what a file is and which handler would open it, without opening it.
	 *
	 * @throws ImageException when the file cannot be read
	 */
	Detection detect(Path file) throws ImageException;

	/**
	 * Opens a file with the handler that claims it by content first, by file name second.
	 *
	 * @throws NoHandlerException     when the format is recognised but no handler for it is installed
	 * @throws UnknownFormatException when neither content nor name match any format
	 * @throws ImageException         when the handler fails to open it (the message names the file and why)
	 */
	Image open(Path file, OpenOptions options) throws ImageException;

	/** Adds a listener told when handlers arrive or leave. */
	void addHandlerListener(HandlerListener listener);

	void removeHandlerListener(HandlerListener listener);

	/**
	 * What {@link #detect(Path)} found.
	 *
	 * @param recognised the format recognised by signature ({@link KnownFormats}), if any
	 * @param handler    the handler that would open the file, if any
	 * @param confidence the handler's probe confidence (0 where it was chosen by file name)
	 */
	record Detection(Optional<ImageFormat> recognised, Optional<ImageHandler> handler, int confidence) {
	}

	/** Told when handlers arrive or leave; called on the thread that changed the registry. */
	interface HandlerListener {

		void handlerAdded(ImageHandler handler);

		void handlerRemoved(ImageHandler handler);
	}
}
