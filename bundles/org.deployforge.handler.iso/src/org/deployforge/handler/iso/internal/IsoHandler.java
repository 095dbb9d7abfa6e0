package org.deployforge.handler.iso.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.ProbeInput;
import org.deployforge.core.capability.HandlerCapability;
import org.deployforge.core.capability.IsoBuildCapability;
import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Component;

/**
 * The ISO handler: ISO 9660 (+ Joliet, Rock Ridge) and UDF optical images with El Torito boot catalogs, Windows
 * install media first of all. Recognises a file by the ECMA-119 standard identifier {@code CD001} at sector 16 or a
 * UDF volume recognition sequence ({@link KnownFormats#isOpticalImage(ProbeInput)}).
 * <p>
 * The image service is referenced optionally and dynamically (the service tracks handlers, this handler is one): it
 * opens {@code sources/install.wim} through whatever WIM handler is installed when install.wim is split.
 */
@Component(service = ImageHandler.class, name = "org.deployforge.handler.iso")
public final class IsoHandler implements ImageHandler {

	/** The handler id. */
	public static final String ID = "iso";

	/**
	 * @return the image service, when it is present right now. Looked up at the time of use, not injected: the
	 *         image service binds every handler, so a reference back to it would be a cycle that Declarative
	 *         Services reports as an error at every start.
	 */
	@Nullable
	ImageService imageService() {
		org.osgi.framework.Bundle bundle = org.osgi.framework.FrameworkUtil.getBundle(IsoHandler.class);
		org.osgi.framework.BundleContext context = bundle == null ? null : bundle.getBundleContext();
		if (context == null) {
			return null;
		}
		org.osgi.framework.ServiceReference<ImageService> reference = context.getServiceReference(ImageService.class);
		return reference == null ? null : context.getService(reference);
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String displayName() {
		return "ISO 9660 / Joliet / UDF with El Torito (own descriptor readers, 7zz, genisoimage, xorriso)";
	}

	@Override
	public List<ImageFormat> formats() {
		return List.of(KnownFormats.ISO);
	}

	@Override
	public int probe(ProbeInput input) {
		return KnownFormats.isOpticalImage(input) ? 100 : 0;
	}

	@Override
	public Image open(Path file, OpenOptions options) throws ImageException {
		return new IsoImage(this, file, options);
	}

	@Override
	public <T extends HandlerCapability> Optional<T> capability(Class<T> type) {
		if (type == IsoBuildCapability.class) {
			return Optional.of(type.cast(new IsoBuilder()));
		}
		return Optional.empty();
	}
}
