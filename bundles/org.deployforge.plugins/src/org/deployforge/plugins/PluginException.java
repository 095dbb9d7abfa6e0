package org.deployforge.plugins;

import org.eclipse.jdt.annotation.Nullable;

/** A plug-in operation failed or was refused; the message says what and why, in words a user can act on. */
public class PluginException extends Exception {

	private static final long serialVersionUID = 1L;

	private final boolean refused;

	public PluginException(String message) {
		this(message, false, null);
	}

	/**
	 * @param refused true when a safety check refused the content (unsigned, untrusted or tampered artifacts)
	 */
	public PluginException(String message, boolean refused, @Nullable Throwable cause) {
		super(message, cause);
		this.refused = refused;
	}

	/** @return whether a safety check refused the content (rather than the operation failing) */
	public boolean refused() {
		return refused;
	}
}
