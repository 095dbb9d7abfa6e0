package org.deployforge.handler.cab.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.ProbeInput;
import org.osgi.service.component.annotations.Component;

/**
 * Opens cabinets ({@code .cab}) and Microsoft Update Standalone Packages ({@code .msu}, a cabinet holding the update
 * cabinet(s)) read-only. The listing comes from our own parse of CFHEADER/CFFOLDER/CFFILE ([MS-CAB] §2); file data
 * from {@code cabextract}. Probe: {@code MSCF} at offset 0 ([MS-CAB] §2.1 {@code signature}) is certain (100).
 */
@Component(service = ImageHandler.class, name = "org.deployforge.handler.cab")
public final class CabHandler implements ImageHandler {

	/** The handler id shown by {@code deployforge formats}. */
	public static final String ID = "cab";

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String displayName() {
		return "Cabinets and update packages, read-only (own CFFILE parse, cabextract)";
	}

	@Override
	public List<ImageFormat> formats() {
		return List.of(KnownFormats.CAB, KnownFormats.MSU);
	}

	@Override
	public int probe(ProbeInput input) {
		return input.startsWith(new byte[] { 'M', 'S', 'C', 'F' }) ? 100 : 0;
	}

	@Override
	public Image open(Path file, OpenOptions options) throws ImageException {
		if (!Files.isRegularFile(file)) {
			throw new ImageException(file, Files.exists(file) ? "is not a regular file" : "no such file");
		}
		Cabinet cabinet = Cabinet.read(file);
		ImageFormat format = KnownFormats.MSU.matchesName(file.getFileName().toString()) ? KnownFormats.MSU
				: KnownFormats.CAB;
		boolean nestedAsFolders = !"files".equals(options.parameters().get(CabImage.OPTION_NESTED));
		return new CabImage(file, file, format, cabinet, nestedAsFolders, 0, options.workDirectory());
	}
}
