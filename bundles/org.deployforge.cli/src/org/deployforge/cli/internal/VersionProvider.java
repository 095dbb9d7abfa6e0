package org.deployforge.cli.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import picocli.CommandLine.IVersionProvider;

/** {@code deployforge --version}: the product version and what it runs on. */
final class VersionProvider implements IVersionProvider {

	@Override
	public String[] getVersion() {
		Bundle bundle = FrameworkUtil.getBundle(VersionProvider.class);
		String version = bundle == null ? "unknown" : bundle.getVersion().toString();
		Bundle framework = bundle == null ? null : bundle.getBundleContext().getBundle(0);
		return new String[] { "DeployForge " + version,
				"Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
				"OSGi framework " + (framework == null ? "unknown"
						: framework.getSymbolicName() + " " + framework.getVersion()),
				"OS " + System.getProperty("os.name") + " " + System.getProperty("os.arch") };
	}
}
