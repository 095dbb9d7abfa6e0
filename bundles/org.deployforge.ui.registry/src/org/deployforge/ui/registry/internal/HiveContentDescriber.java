package org.deployforge.ui.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.deployforge.core.KnownFormats;
import org.deployforge.core.ProbeInput;
import org.eclipse.core.runtime.QualifiedName;
import org.eclipse.core.runtime.content.IContentDescriber;
import org.eclipse.core.runtime.content.IContentDescription;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Describes the content type {@code org.deployforge.ui.registry.hive} by signature: {@link KnownFormats} recognises a
 * hive by the base block's {@code regf} at offset 0. Anything else is {@link #INVALID}, so a file that merely has a hive's
 * name (a text file called DEFAULT) does not open in the Registry editor.
 */
public final class HiveContentDescriber implements IContentDescriber {

	@Override
	public int describe(InputStream contents, @Nullable IContentDescription description) throws IOException {
		byte[] head = contents.readNBytes(4096);
		ProbeInput input = new ProbeInput(Path.of("stream"), head.length, head, new byte[0]);
		return KnownFormats.recognise(input).filter(KnownFormats.HIVE::equals).isPresent() ? VALID : INVALID;
	}

	@Override
	public QualifiedName[] getSupportedOptions() {
		return new QualifiedName[0];
	}
}
