package org.deployforge.plugins;

import java.util.List;

/**
 * What an install or uninstall did.
 *
 * @param feature  the feature installed or removed
 * @param bundles  the bundles added or removed ({@code symbolicName version})
 * @param applied  whether the running framework was updated at once (bundles installed and started, or stopped and
 *                 uninstalled) without a restart
 * @param warnings facts the user should know, e.g. "2 artifacts are unsigned; installed because --allow-unsigned was
 *                 given"
 */
public record PluginChange(PluginFeature feature, List<String> bundles, boolean applied, List<String> warnings) {

	public PluginChange {
		bundles = List.copyOf(bundles);
		warnings = List.copyOf(warnings);
	}
}
