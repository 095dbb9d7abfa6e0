package org.deployforge.wimlib.internal;

import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Pointer;

/**
 * The progress function registered with a {@code WIMStruct} for its whole life (a strong reference: wimlib keeps only
 * the native pointer). It forwards each message to the {@link WimOperation} of the call in progress, if any, and never
 * lets an exception cross into native code.
 */
public final class WimProgress implements WimLib.ProgressCallback {

	private volatile @Nullable WimOperation current;

	/** Sets the operation that receives messages (null for none). */
	public void attach(@Nullable WimOperation operation) {
		current = operation;
	}

	@Override
	public int invoke(int message, @Nullable Pointer info, @Nullable Pointer context) {
		WimOperation operation = current;
		if (operation == null) {
			return WimLib.PROGRESS_CONTINUE;
		}
		try {
			return operation.handle(message, info);
		} catch (Throwable e) { // never unwind through wimlib
			return WimLib.PROGRESS_CONTINUE;
		}
	}
}
