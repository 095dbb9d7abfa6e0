package org.deployforge.plugins;

/**
 * A DeployForge feature (a p2 feature group: bundles installed and removed together).
 *
 * @param id          the feature id without p2's {@code .feature.group} suffix, e.g.
 *                    {@code org.deployforge.handler.cab.feature}
 * @param version     the feature version, e.g. {@code 0.1.0.202611291954}
 * @param name        the feature's label
 * @param installed   whether it is installed in the running profile now
 * @param removable   whether {@link PluginService#uninstall} may remove it (installed by a user, not part of the
 *                    product)
 */
public record PluginFeature(String id, String version, String name, boolean installed, boolean removable) {
}
