package org.deployforge.core.capability;

import java.util.List;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The editions of the install image Windows install media carry ({@code sources/install.wim}, {@code install.esd} or
 * the first part {@code install.swm}), read from that WIM's header and XML data through the installed WIM handler
 * (offered by open ISO images through {@link org.deployforge.core.Image#capability(Class)}).
 */
public interface InstallEditionsCapability extends ImageCapability {

	/**
	 * Reads the editions. The result is kept for the session until the image changes on disk.
	 *
	 * @param monitor progress in bytes of the install image read; cancellation throws
	 *                {@link org.eclipse.core.runtime.OperationCanceledException}
	 * @return the editions, or the reason they are unknown
	 * @throws ImageException when the media cannot be read
	 */
	InstallEditions installEditions(IProgressMonitor monitor) throws ImageException;

	/**
	 * One image of the install WIM, as Setup offers it.
	 *
	 * @param index        1-based image index in the install WIM
	 * @param name         WIM XML {@code NAME}
	 * @param editionId    WIM XML {@code WINDOWS/EDITIONID} (e.g. {@code Professional}); empty when absent
	 * @param architecture WIM XML {@code WINDOWS/ARCH} as a name ({@code x64}, {@code x86}, {@code ARM64}); empty when
	 *                     absent
	 * @param build        WIM XML {@code WINDOWS/VERSION} as MAJOR.MINOR.BUILD.SPBUILD (e.g. {@code 10.0.22621.1});
	 *                     empty when absent
	 */
	record Edition(int index, String name, String editionId, String architecture, String build) {

		/** @return e.g. "Windows 11 Pro (Professional, x64, build 10.0.22621.1)" */
		public String describe() {
			StringBuilder facts = new StringBuilder();
			for (String fact : List.of(editionId, architecture, build.isEmpty() ? "" : "build " + build)) {
				if (!fact.isEmpty()) {
					facts.append(facts.isEmpty() ? "" : ", ").append(fact);
				}
			}
			return (name.isEmpty() ? "(no name)" : name) + (facts.isEmpty() ? "" : " (" + facts + ")");
		}

		/**
		 * @param code WIM XML {@code WINDOWS/ARCH}, a Windows {@code PROCESSOR_ARCHITECTURE_*} value
		 * @return {@code x86} (0), {@code ARM} (5), {@code IA64} (6), {@code x64} (9), {@code ARM64} (12), "" for an
		 *         empty code, else "unknown (code)"
		 */
		public static String architectureName(String code) {
			return switch (code.trim()) {
			case "" -> "";
			case "0" -> "x86";
			case "5" -> "ARM";
			case "6" -> "IA64";
			case "9" -> "x64";
			case "12" -> "ARM64";
			default -> "unknown (" + code.trim() + ")";
			};
		}
	}

	/**
	 * What was found.
	 *
	 * @param path          the in-image path of the install image, or null when the media hold none
	 * @param editions      the editions in index order; empty when unknown
	 * @param unknownReason why the editions are unknown (e.g. "no WIM handler installed"), or null when they are known
	 * @param readHow       how the header and XML data were read (e.g. "header and XML read in place from the ISO
	 *                      9660 extent, 1.2 MiB"); empty when nothing was read
	 */
	record InstallEditions(@Nullable String path, List<Edition> editions, @Nullable String unknownReason,
			String readHow) {

		public InstallEditions {
			editions = List.copyOf(editions);
		}
	}
}
