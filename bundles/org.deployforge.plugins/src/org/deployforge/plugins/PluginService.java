package org.deployforge.plugins;

import java.net.URI;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Installs and removes DeployForge features from p2 update sites in the running installation (p2 profile
 * {@code DefaultProfile}), and applies the change to the running OSGi framework without a restart: new handler bundles
 * start at once and their DS components bind into the {@code ImageService}; removed ones stop and disappear.
 * <p>
 * Safe by default: every artifact must match the SHA-256 checksum its repository publishes
 * ({@code download.checksum.sha-256}), and unsigned or untrusted-signed content is refused unless the caller passes
 * {@code allowUnsigned}. Every refusal names the artifacts and the reason.
 */
public interface PluginService {

	/**
	 * @return the DeployForge features ({@code org.deployforge.*}) installed in the running profile
	 * @throws PluginException when this is not an installed product with a p2 profile
	 */
	List<PluginFeature> installed() throws PluginException;

	/**
	 * @param repository an update site, e.g. {@code file:/opt/deployforge-site/}
	 * @return the features the repository offers, each marked installed or not
	 */
	List<PluginFeature> available(URI repository, IProgressMonitor monitor) throws PluginException;

	/**
	 * Installs a feature and applies it to the running framework.
	 *
	 * @param repository    the update site
	 * @param featureId     the feature id, with or without {@code .feature.group}
	 * @param allowUnsigned install unsigned content and content signed by certificates this installation does not
	 *                      trust; checksums are enforced regardless
	 * @throws PluginException when the feature is missing, the plan does not resolve, or content is refused (then
	 *                         nothing is changed)
	 */
	PluginChange install(URI repository, String featureId, boolean allowUnsigned, IProgressMonitor monitor)
			throws PluginException;

	/**
	 * Removes a feature installed with {@link #install} and applies the change to the running framework.
	 *
	 * @throws PluginException when it is not installed or is part of the product
	 */
	PluginChange uninstall(String featureId, IProgressMonitor monitor) throws PluginException;
}
