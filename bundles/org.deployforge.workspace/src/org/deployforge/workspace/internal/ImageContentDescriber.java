package org.deployforge.workspace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.deployforge.core.KnownFormats;
import org.deployforge.core.ProbeInput;
import org.deployforge.workspace.ImageFiles;
import org.eclipse.core.runtime.QualifiedName;
import org.eclipse.core.runtime.content.IContentDescriber;
import org.eclipse.core.runtime.content.IContentDescription;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Describes the content type {@code org.deployforge.workspace.image} by signature ({@link KnownFormats} on the first
 * 96 KiB). A stream shows no tail, so a fixed VHD (footer only) is {@link #INDETERMINATE}: its name decides.
 */
public final class ImageContentDescriber implements IContentDescriber {

	@Override
	public int describe(InputStream contents, @Nullable IContentDescription description) throws IOException {
		byte[] head = contents.readNBytes(ProbeInput.HEAD_BYTES);
		ProbeInput input = new ProbeInput(Path.of("stream"), head.length, head, new byte[0]);
		return KnownFormats.recognise(input).map(format -> ImageFiles.IMAGE_FORMATS.contains(format) ? VALID : INVALID)
				.orElse(INDETERMINATE);
	}

	@Override
	public QualifiedName[] getSupportedOptions() {
		return new QualifiedName[0];
	}
}
