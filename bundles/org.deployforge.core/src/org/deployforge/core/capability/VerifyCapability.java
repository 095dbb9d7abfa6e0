package org.deployforge.core.capability;

import java.util.List;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;

/** Check an image's integrity: its integrity table and the hash of every stored stream (wimlib {@code wimlib_verify_wim}). */
public interface VerifyCapability extends ImageCapability {

	/**
	 * The outcome of a verification.
	 *
	 * @param ok       whether everything matched
	 * @param checks   what was checked, e.g. "integrity table (12 chunks)", "SHA-1 of 1,204 blobs"
	 * @param problems what did not match, each naming the place ("chunk 3 of the integrity table")
	 */
	record VerifyResult(boolean ok, List<String> checks, List<String> problems) {
		public VerifyResult {
			checks = List.copyOf(checks);
			problems = List.copyOf(problems);
		}
	}

	VerifyResult verify(IProgressMonitor monitor) throws ImageException;
}
