package org.deployforge.handler.vhd;

import java.nio.file.Path;
import java.util.UUID;

import org.deployforge.core.ImageException;

/**
 * A VHDX whose current header has a non-zero log GUID: writes wait in the log and must be replayed before the file
 * can be read ([MS-VHDX] §2.3.3 "Log Replay"). Open with the parameter {@code replayLog=true} to replay it on a copy
 * (the original is not changed).
 */
public final class LogPendingException extends ImageException {

	private static final long serialVersionUID = 1L;

	private final UUID logGuid;

	public LogPendingException(Path file, UUID logGuid) {
		super(file, "the VHDX log holds writes not yet applied (log GUID " + logGuid + ", [MS-VHDX] §2.3): the disk"
				+ " was not closed cleanly. Reading it now would give stale data; replay the log first (open it with"
				+ " replayLog=true, e.g. 'deployforge vhd info --replay-log', to replay it on a copy; or open it once"
				+ " read-write in Hyper-V)");
		this.logGuid = logGuid;
	}

	/** @return the log GUID of the current header */
	public UUID logGuid() {
		return logGuid;
	}
}
