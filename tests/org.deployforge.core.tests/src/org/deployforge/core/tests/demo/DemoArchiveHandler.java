package org.deployforge.core.tests.demo;

import org.deployforge.tests.common.archive.TextArchiveHandler;

/**
 * The shared test archive format under the id {@code dfdemo} (first line {@code DFDEMO1}), used to test handler
 * discovery: the live-discovery test packs this package into a bundle of its own at run time and installs it, exactly
 * as a third-party handler bundle would arrive (it imports the shared format's package).
 */
public class DemoArchiveHandler extends TextArchiveHandler {

	/** The first line of a demo archive, with its line feed. */
	public static final String MAGIC = "DFDEMO1\n";

	public DemoArchiveHandler() {
		super("dfdemo", "DeployForge demo archive");
	}
}
