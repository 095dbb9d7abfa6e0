package org.deployforge.plugins.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.deployforge.plugins.PluginChange;
import org.deployforge.plugins.PluginException;
import org.deployforge.plugins.PluginFeature;
import org.deployforge.plugins.PluginService;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.equinox.internal.provisional.configurator.Configurator;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.IProvisioningAgentProvider;
import org.eclipse.equinox.p2.core.ProvisionException;
import org.eclipse.equinox.p2.core.UIServices;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.engine.IProvisioningPlan;
import org.eclipse.equinox.p2.engine.ProvisioningContext;
import org.eclipse.equinox.p2.metadata.IArtifactKey;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.operations.InstallOperation;
import org.eclipse.equinox.p2.operations.ProfileChangeOperation;
import org.eclipse.equinox.p2.operations.ProvisioningJob;
import org.eclipse.equinox.p2.operations.ProvisioningSession;
import org.eclipse.equinox.p2.operations.UninstallOperation;
import org.eclipse.equinox.p2.query.IQueryResult;
import org.eclipse.equinox.p2.query.QueryUtil;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepository;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepositoryManager;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@link PluginService} on the p2 operations API: {@link InstallOperation}/{@link UninstallOperation} on the running
 * profile (the agent registered as the current {@link IProvisioningAgent} service, profile {@link IProfileRegistry#SELF},
 * i.e. {@code eclipse.p2.profile=DefaultProfile}), then the simple configurator's
 * {@link Configurator#applyConfiguration()}, which installs and starts the bundles p2 wrote into {@code bundles.info}
 * (and stops and uninstalls the removed ones) in the running framework.
 */
@Component(service = PluginService.class, name = "org.deployforge.plugins")
public final class P2PluginService implements PluginService {

	private static final String FEATURE_GROUP = ".feature.group";
	private static final String PREFIX = "org.deployforge.";
	private static final String ROOT = "org.eclipse.equinox.p2.type.root";

	private BundleContext context;

	@Activate
	void activate(BundleContext bundleContext) {
		this.context = bundleContext;
	}

	// ---- agent and profile ----

	private synchronized IProvisioningAgent agent() throws PluginException {
		start("org.eclipse.equinox.p2.core");
		try {
			Collection<ServiceReference<IProvisioningAgent>> current = context.getServiceReferences(
					IProvisioningAgent.class, "(" + IProvisioningAgent.SERVICE_CURRENT + "=true)");
			for (ServiceReference<IProvisioningAgent> reference : current) {
				IProvisioningAgent agent = context.getService(reference);
				if (agent != null) {
					return agent;
				}
			}
		} catch (InvalidSyntaxException e) {
			throw new IllegalStateException(e);
		}
		ServiceReference<IProvisioningAgentProvider> reference = context
				.getServiceReference(IProvisioningAgentProvider.class);
		IProvisioningAgentProvider provider = reference == null ? null : context.getService(reference);
		if (provider == null) {
			throw new PluginException("p2 is not running in this installation (no provisioning agent): plug-ins can be"
					+ " managed only in an installed DeployForge product");
		}
		try {
			return provider.createAgent(null);
		} catch (ProvisionException e) {
			throw new PluginException("cannot start p2 for this installation: " + e.getMessage(), false, e);
		}
	}

	private void start(String symbolicName) {
		for (Bundle bundle : context.getBundles()) {
			if (symbolicName.equals(bundle.getSymbolicName()) && bundle.getState() != Bundle.ACTIVE) {
				try {
					bundle.start(Bundle.START_TRANSIENT);
				} catch (BundleException e) {
					// the lookups below report a missing agent clearly
				}
			}
		}
	}

	private static IProfile profile(IProvisioningAgent agent) throws PluginException {
		IProfileRegistry registry = agent.getService(IProfileRegistry.class);
		IProfile profile = registry == null ? null : registry.getProfile(IProfileRegistry.SELF);
		if (profile == null) {
			throw new PluginException("this installation has no p2 profile (is it a development or test runtime?):"
					+ " plug-ins can be managed only in an installed DeployForge product");
		}
		return profile;
	}

	private static String groupId(String featureId) {
		return featureId.endsWith(FEATURE_GROUP) ? featureId : featureId + FEATURE_GROUP;
	}

	private static PluginFeature feature(IInstallableUnit unit, boolean installed, boolean removable) {
		String id = unit.getId();
		String plain = id.endsWith(FEATURE_GROUP) ? id.substring(0, id.length() - FEATURE_GROUP.length()) : id;
		String name = unit.getProperty(IInstallableUnit.PROP_NAME, null);
		return new PluginFeature(plain, unit.getVersion().toString(), name == null ? plain : name, installed, removable);
	}

	private static boolean isOurFeature(IInstallableUnit unit) {
		return unit.getId().startsWith(PREFIX) && unit.getId().endsWith(FEATURE_GROUP);
	}

	// ---- queries ----

	@Override
	public List<PluginFeature> installed() throws PluginException {
		IProfile profile = profile(agent());
		List<PluginFeature> features = new ArrayList<>();
		for (IInstallableUnit unit : profile.query(QueryUtil.createIUGroupQuery(), null)) {
			if (isOurFeature(unit)) {
				features.add(feature(unit, true, "true".equals(profile.getInstallableUnitProperty(unit, ROOT))));
			}
		}
		features.sort(Comparator.comparing(PluginFeature::id));
		return features;
	}

	@Override
	public List<PluginFeature> available(URI repository, IProgressMonitor monitor) throws PluginException {
		IProvisioningAgent agent = agent();
		IProfile profile = profile(agent);
		SubMonitor progress = SubMonitor.convert(monitor, "Reading " + repository, 2);
		try (Repositories repositories = new Repositories(agent, repository)) {
			IMetadataRepository metadata = repositories.metadata(progress.split(1));
			List<PluginFeature> features = new ArrayList<>();
			for (IInstallableUnit unit : metadata.query(QueryUtil.createLatestQuery(QueryUtil.createIUGroupQuery()),
					progress.split(1))) {
				if (isOurFeature(unit)) {
					boolean installed = !profile.query(QueryUtil.createIUQuery(unit.getId()), null).isEmpty();
					features.add(feature(unit, installed, false));
				}
			}
			features.sort(Comparator.comparing(PluginFeature::id));
			return features;
		}
	}

	/** Loads an update site into the agent's managers for one operation, and forgets it afterwards if it was new. */
	private static final class Repositories implements AutoCloseable {
		private final IMetadataRepositoryManager metadataManager;
		private final IArtifactRepositoryManager artifactManager;
		private final URI location;
		private final boolean metadataKnown;
		private final boolean artifactsKnown;

		Repositories(IProvisioningAgent agent, URI location) throws PluginException {
			this.metadataManager = agent.getService(IMetadataRepositoryManager.class);
			this.artifactManager = agent.getService(IArtifactRepositoryManager.class);
			if (metadataManager == null || artifactManager == null) {
				throw new PluginException("p2's repository managers are not running in this installation");
			}
			this.location = location;
			this.metadataKnown = metadataManager.contains(location);
			this.artifactsKnown = artifactManager.contains(location);
		}

		IMetadataRepository metadata(IProgressMonitor monitor) throws PluginException {
			try {
				return metadataManager.loadRepository(location, monitor);
			} catch (ProvisionException e) {
				throw new PluginException("cannot read the update site " + location + ": " + e.getMessage(), false, e);
			}
		}

		IArtifactRepository artifacts(IProgressMonitor monitor) throws PluginException {
			try {
				return artifactManager.loadRepository(location, monitor);
			} catch (ProvisionException e) {
				throw new PluginException("cannot read the artifacts of the update site " + location + ": "
						+ e.getMessage(), false, e);
			}
		}

		@Override
		public void close() {
			if (!metadataKnown) {
				metadataManager.removeRepository(location);
			}
			if (!artifactsKnown) {
				artifactManager.removeRepository(location);
			}
		}
	}

	// ---- install ----

	@Override
	public synchronized PluginChange install(URI repository, String featureId, boolean allowUnsigned,
			IProgressMonitor monitor) throws PluginException {
		IProvisioningAgent agent = agent();
		IProfile profile = profile(agent);
		String group = groupId(featureId);
		SubMonitor progress = SubMonitor.convert(monitor, "Installing " + featureId, 100);
		try (Repositories repositories = new Repositories(agent, repository)) {
			IMetadataRepository metadata = repositories.metadata(progress.split(10));
			IArtifactRepository artifacts = repositories.artifacts(progress.split(5));
			IQueryResult<IInstallableUnit> found = metadata
					.query(QueryUtil.createLatestQuery(QueryUtil.createIUQuery(group)), progress.split(5));
			if (found.isEmpty()) {
				Set<String> offered = new TreeSet<>();
				for (IInstallableUnit unit : metadata.query(QueryUtil.createIUGroupQuery(), null)) {
					offered.add(feature(unit, false, false).id());
				}
				throw new PluginException("the update site " + repository + " has no feature " + featureId
						+ "; it offers: " + (offered.isEmpty() ? "nothing" : String.join(", ", offered)));
			}
			IInstallableUnit unit = found.iterator().next();
			IQueryResult<IInstallableUnit> present = profile.query(QueryUtil.createIUQuery(group), null);
			if (!present.isEmpty()) {
				throw new PluginException(featureId + " " + present.iterator().next().getVersion()
						+ " is already installed; uninstall it first to install another version");
			}
			InstallOperation operation = new InstallOperation(new ProvisioningSession(agent), List.of(unit));
			operation.setProfileId(profile.getProfileId());
			ProvisioningContext provisioningContext = new ProvisioningContext(agent);
			provisioningContext.setMetadataRepositories(repository);
			provisioningContext.setArtifactRepositories(repository);
			operation.setProvisioningContext(provisioningContext);
			IProvisioningPlan plan = resolve(operation, "install " + featureId, progress.split(20));
			List<IInstallableUnit> additions = plan.getAdditions().query(QueryUtil.ALL_UNITS, null).toUnmodifiableSet()
					.stream().toList();

			ArtifactChecks.Findings findings = ArtifactChecks.check(additions, artifacts);
			List<String> refusals = new ArrayList<>(findings.refusals);
			List<String> warnings = new ArrayList<>();
			if (!findings.unsigned.isEmpty()) {
				if (allowUnsigned) {
					warnings.add(findings.unsigned.size() + " unsigned artifact(s) installed because --allow-unsigned"
							+ " was given: " + String.join(", ", findings.unsigned));
				} else {
					refusals.add("unsigned artifact(s): " + String.join(", ", findings.unsigned)
							+ " (DeployForge installs unsigned content only with --allow-unsigned)");
				}
			}
			if (!refusals.isEmpty()) {
				throw new PluginException("refused to install " + featureId + " from " + repository + "; nothing was"
						+ " changed:\n  " + String.join("\n  ", refusals), true, null);
			}
			TrustPolicy trust = new TrustPolicy(allowUnsigned);
			IStatus result = run(agent, operation, trust, progress.split(50));
			if (!trust.refused.isEmpty()) {
				throw new PluginException("refused to install " + featureId + " (p2 trust check); nothing was changed:\n  "
						+ String.join("\n  ", trust.refused), true, null);
			}
			check(result, "install " + featureId);
			boolean applied = apply();
			awaitStarted(bundles(additions));
			return new PluginChange(feature(unit, true, true), bundles(additions), applied, warnings);
		}
	}

	@Override
	public synchronized PluginChange uninstall(String featureId, IProgressMonitor monitor) throws PluginException {
		IProvisioningAgent agent = agent();
		IProfile profile = profile(agent);
		String group = groupId(featureId);
		SubMonitor progress = SubMonitor.convert(monitor, "Uninstalling " + featureId, 100);
		IQueryResult<IInstallableUnit> present = profile.query(QueryUtil.createIUQuery(group), null);
		if (present.isEmpty()) {
			throw new PluginException(featureId + " is not installed (see 'deployforge plugins list')");
		}
		IInstallableUnit unit = present.iterator().next();
		if (!"true".equals(profile.getInstallableUnitProperty(unit, ROOT))) {
			throw new PluginException(featureId + " is part of the DeployForge product and cannot be uninstalled on its own");
		}
		UninstallOperation operation = new UninstallOperation(new ProvisioningSession(agent), List.of(unit));
		operation.setProfileId(profile.getProfileId());
		ProvisioningContext provisioningContext = new ProvisioningContext(agent);
		provisioningContext.setMetadataRepositories(new URI[0]);
		provisioningContext.setArtifactRepositories(new URI[0]);
		operation.setProvisioningContext(provisioningContext);
		IProvisioningPlan plan = resolve(operation, "uninstall " + featureId, progress.split(30));
		List<IInstallableUnit> removals = plan.getRemovals().query(QueryUtil.ALL_UNITS, null).toUnmodifiableSet()
				.stream().toList();
		IStatus result = run(agent, operation, new TrustPolicy(false), progress.split(60));
		check(result, "uninstall " + featureId);
		boolean applied = apply();
		return new PluginChange(feature(unit, false, true), bundles(removals), applied, List.of());
	}

	private static IProvisioningPlan resolve(ProfileChangeOperation operation, String what, IProgressMonitor monitor)
			throws PluginException {
		IStatus status = operation.resolveModal(monitor);
		IProvisioningPlan plan = operation.getProvisioningPlan();
		if (status.getSeverity() == IStatus.ERROR || status.getSeverity() == IStatus.CANCEL || plan == null) {
			String details = operation.getResolutionDetails();
			throw new PluginException("cannot " + what + ": " + describe(status)
					+ (details == null || details.isBlank() ? "" : "\n" + details));
		}
		return plan;
	}

	private static IStatus run(IProvisioningAgent agent, ProfileChangeOperation operation, TrustPolicy trust,
			IProgressMonitor monitor) {
		Object previous = agent.getService(UIServices.SERVICE_NAME);
		agent.registerService(UIServices.SERVICE_NAME, trust);
		try {
			ProvisioningJob job = operation.getProvisioningJob(monitor);
			return job.runModal(monitor);
		} finally {
			agent.unregisterService(UIServices.SERVICE_NAME, trust);
			if (previous != null) {
				agent.registerService(UIServices.SERVICE_NAME, previous);
			}
		}
	}

	private static void check(IStatus result, String what) throws PluginException {
		if (result.getSeverity() == IStatus.ERROR || result.getSeverity() == IStatus.CANCEL) {
			throw new PluginException("cannot " + what + ": " + describe(result), describe(result).contains("checksum"),
					result.getException());
		}
	}

	/** @return the status's messages, its children's and their exceptions', one per line */
	static String describe(IStatus status) {
		StringBuilder text = new StringBuilder();
		describe(status, text, 0);
		return text.toString().trim();
	}

	private static void describe(IStatus status, StringBuilder text, int depth) {
		if (!status.getMessage().isBlank()) {
			text.append("  ".repeat(depth)).append(status.getMessage());
			Throwable exception = status.getException();
			if (exception != null && exception.getMessage() != null
					&& !status.getMessage().contains(exception.getMessage())) {
				text.append(" (").append(exception.getMessage()).append(')');
			}
			text.append('\n');
		}
		for (IStatus child : status.getChildren()) {
			describe(child, text, depth + 1);
		}
	}

	private static List<String> bundles(List<IInstallableUnit> units) {
		List<String> bundles = new ArrayList<>();
		for (IInstallableUnit unit : units) {
			for (IArtifactKey key : unit.getArtifacts()) {
				if ("osgi.bundle".equals(key.getClassifier())) {
					bundles.add(key.getId() + " " + key.getVersion());
				}
			}
		}
		bundles.sort(null);
		return bundles;
	}

	/**
	 * Applies {@code bundles.info} to the running framework through the simple configurator ({@code confapply} in the
	 * OSGi console does the same).
	 *
	 * @return false when no configurator runs here (then the change takes effect at the next start)
	 */
	private boolean apply() throws PluginException {
		ServiceReference<Configurator> reference = context.getServiceReference(Configurator.class);
		Configurator configurator = reference == null ? null : context.getService(reference);
		if (configurator == null) {
			return false;
		}
		try {
			synchronized (ConfigurationWatcher.class) {
				configurator.applyConfiguration();
				java.nio.file.Path bundlesInfo = ConfigurationWatcher.bundlesInfo(context);
				if (bundlesInfo != null) {
					ConfigurationWatcher.applied = ConfigurationWatcher.modified(bundlesInfo);
				}
			}
			return true;
		} catch (IOException e) {
			throw new PluginException("installed, but the running program could not load the change (restart"
					+ " DeployForge to use it): " + e.getMessage(), false, e);
		} finally {
			context.ungetService(reference);
		}
	}

	/** Waits up to 10 s for new bundles to start and publish their DS services, so the next command finds them. */
	private void awaitStarted(List<String> bundles) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		for (String bundle : bundles) {
			String symbolicName = bundle.substring(0, bundle.indexOf(' '));
			while (System.nanoTime() < deadline && !started(symbolicName)) {
				try {
					Thread.sleep(20);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * @return whether the bundle is active or lazily starting and, when it declares DS components, has registered
	 *         their services (Felix SCR enables components on its own thread, a moment after the bundle starts)
	 */
	private boolean started(String symbolicName) {
		for (Bundle bundle : context.getBundles()) {
			if (symbolicName.equals(bundle.getSymbolicName())
					&& (bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
				if (bundle.getHeaders("").get("Service-Component") == null) {
					return true;
				}
				ServiceReference<?>[] services = bundle.getRegisteredServices();
				return services != null && services.length > 0;
			}
		}
		return false;
	}
}
