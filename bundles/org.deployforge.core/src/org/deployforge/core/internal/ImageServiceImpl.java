package org.deployforge.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.NoHandlerException;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.ProbeInput;
import org.deployforge.core.UnknownFormatException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The whiteboard of {@link ImageHandler} services. Handlers bind and unbind dynamically; images opened through a
 * handler are closed when that handler goes away, and only those.
 */
@Component(service = ImageService.class, name = "org.deployforge.core.imageservice")
public final class ImageServiceImpl implements ImageService {

	private static final Logger LOG = Logger.getLogger(ImageServiceImpl.class.getName());

	private record Registration(ImageHandler handler, int ranking, long serviceId) {
	}

	private static final Comparator<Registration> ORDER = Comparator.comparingInt(Registration::ranking).reversed()
			.thenComparingLong(Registration::serviceId);

	private final List<Registration> registrations = new CopyOnWriteArrayList<>();
	private final List<HandlerListener> listeners = new CopyOnWriteArrayList<>();
	private final Map<ImageHandler, Set<TrackedImage>> openImages = new ConcurrentHashMap<>();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeHandler")
	void addHandler(ImageHandler handler, Map<String, Object> properties) {
		int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer value ? value : 0;
		long serviceId = properties.get(Constants.SERVICE_ID) instanceof Long value ? value : Long.MAX_VALUE;
		registrations.add(new Registration(handler, ranking, serviceId));
		for (HandlerListener listener : listeners) {
			notify(() -> listener.handlerAdded(handler));
		}
	}

	void removeHandler(ImageHandler handler) {
		registrations.removeIf(registration -> registration.handler() == handler);
		Set<TrackedImage> images = openImages.remove(handler);
		if (images != null) {
			for (TrackedImage image : List.copyOf(images)) {
				image.closeBecauseHandlerLeft();
			}
		}
		for (HandlerListener listener : listeners) {
			notify(() -> listener.handlerRemoved(handler));
		}
	}

	private static void notify(Runnable call) {
		try {
			call.run();
		} catch (RuntimeException e) {
			LOG.log(Level.WARNING, "an image handler listener failed", e);
		}
	}

	@Override
	public List<ImageHandler> handlers() {
		return registrations.stream().sorted(ORDER).map(Registration::handler).toList();
	}

	@Override
	public Optional<ImageHandler> handler(String id) {
		return handlers().stream().filter(handler -> handler.id().equals(id)).findFirst();
	}

	@Override
	public Detection detect(Path file) throws ImageException {
		ProbeInput input = readProbe(file);
		Optional<ImageFormat> recognised = KnownFormats.recognise(input);
		ImageHandler best = null;
		int bestConfidence = 0;
		for (ImageHandler handler : handlers()) {
			int confidence = probe(handler, input);
			if (confidence > bestConfidence) {
				best = handler;
				bestConfidence = confidence;
			}
		}
		if (best == null) {
			String name = input.fileName();
			best = handlers().stream()
					.filter(handler -> handler.formats().stream().anyMatch(format -> format.matchesName(name)))
					.findFirst().orElse(null);
		}
		return new Detection(recognised, Optional.ofNullable(best), bestConfidence);
	}

	private static int probe(ImageHandler handler, ProbeInput input) {
		try {
			return Math.max(0, Math.min(100, handler.probe(input)));
		} catch (RuntimeException | LinkageError e) {
			LOG.log(Level.WARNING, "handler " + handler.id() + " failed to probe " + input.file(), e);
			return 0;
		}
	}

	private static ProbeInput readProbe(Path file) throws ImageException {
		if (Files.isDirectory(file)) {
			throw new ImageException(file, "is a folder, not an image file");
		}
		try {
			ProbeInput input = ProbeInput.read(file);
			if (input.size() == 0) {
				throw new UnknownFormatException(file, "the file is empty");
			}
			return input;
		} catch (ImageException e) {
			throw e;
		} catch (NoSuchFileException e) {
			throw new ImageException(file, "no such file");
		} catch (IOException e) {
			throw new ImageException(file, "cannot read the file: " + e.getMessage(), e);
		}
	}

	@Override
	public Image open(Path file, OpenOptions options) throws ImageException {
		Detection detection = detect(file);
		if (detection.handler().isEmpty()) {
			if (detection.recognised().isPresent()) {
				throw new NoHandlerException(file, detection.recognised().get());
			}
			ProbeInput input = readProbe(file);
			throw new UnknownFormatException(file, "not a recognised image format (first bytes " + input.headHex(8)
					+ "); formats installed: " + installedFormatIds());
		}
		ImageHandler handler = detection.handler().get();
		Image image;
		try {
			image = handler.open(file, options);
		} catch (ImageException e) {
			throw e;
		} catch (RuntimeException | LinkageError e) {
			throw new ImageException(file, "the " + handler.displayName() + " handler failed: " + e, e);
		}
		TrackedImage tracked = new TrackedImage(image, this, handler);
		openImages.computeIfAbsent(handler, key -> ConcurrentHashMap.newKeySet()).add(tracked);
		return tracked;
	}

	private String installedFormatIds() {
		List<String> ids = new ArrayList<>();
		for (ImageHandler handler : handlers()) {
			handler.formats().forEach(format -> ids.add(format.id()));
		}
		return ids.isEmpty() ? "none" : String.join(", ", ids);
	}

	void forget(TrackedImage image, ImageHandler handler) {
		Set<TrackedImage> images = openImages.get(handler);
		if (images != null) {
			images.remove(image);
		}
	}

	@Override
	public void addHandlerListener(HandlerListener listener) {
		listeners.add(listener);
	}

	@Override
	public void removeHandlerListener(HandlerListener listener) {
		listeners.remove(listener);
	}
}
