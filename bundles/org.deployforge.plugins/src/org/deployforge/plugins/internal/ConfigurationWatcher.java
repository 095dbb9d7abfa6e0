package org.deployforge.plugins.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.equinox.internal.provisional.configurator.Configurator;
import org.eclipse.jdt.annotation.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Brings a running DeployForge (workbench, server, shell) up to date when another process of the same installation
 * installs or removes a plug-in: it polls the simple configurator's {@code bundles.info} (every
 * {@value #POLL_MILLIS} ms; one {@code stat} call) and, when it changed, calls
 * {@link Configurator#applyConfiguration()}, so the new handler is there for the next operation. Inactive outside an
 * installed product (no configurator, or no {@code bundles.info}).
 */
@Component(immediate = true, service = {}, name = "org.deployforge.plugins.watcher")
public final class ConfigurationWatcher {

	static final long POLL_MILLIS = 2000;
	private static final Logger LOG = Logger.getLogger(ConfigurationWatcher.class.getName());
	/** The last {@code bundles.info} time this process applied or wrote itself (shared with {@link P2PluginService}). */
	static volatile @Nullable FileTime applied;

	private volatile boolean running;
	private @Nullable Thread thread;

	@Activate
	void activate(BundleContext context) {
		Path bundlesInfo = bundlesInfo(context);
		if (bundlesInfo == null || context.getServiceReference(Configurator.class) == null) {
			return;
		}
		applied = modified(bundlesInfo);
		running = true;
		Thread poller = new Thread(() -> poll(context, bundlesInfo), "DeployForge plug-in configuration watcher");
		poller.setDaemon(true);
		poller.start();
		thread = poller;
	}

	@Deactivate
	void deactivate() {
		running = false;
		Thread poller = thread;
		if (poller != null) {
			poller.interrupt();
		}
	}

	private void poll(BundleContext context, Path bundlesInfo) {
		while (running) {
			try {
				Thread.sleep(POLL_MILLIS);
			} catch (InterruptedException e) {
				return;
			}
			FileTime now = modified(bundlesInfo);
			if (now != null && !now.equals(applied)) {
				synchronized (ConfigurationWatcher.class) {
					applied = now;
					apply(context);
				}
			}
		}
	}

	static void apply(BundleContext context) {
		ServiceReference<Configurator> reference = context.getServiceReference(Configurator.class);
		Configurator configurator = reference == null ? null : context.getService(reference);
		if (configurator == null) {
			return;
		}
		try {
			configurator.applyConfiguration();
		} catch (IOException | RuntimeException e) {
			LOG.log(Level.WARNING, "could not load the plug-ins another DeployForge process installed or removed", e);
		} finally {
			context.ungetService(reference);
		}
	}

	static @Nullable FileTime modified(Path file) {
		try {
			return Files.getLastModifiedTime(file);
		} catch (IOException e) {
			return null;
		}
	}

	/** @return the simple configurator's {@code bundles.info} of this installation, or null where there is none */
	static @Nullable Path bundlesInfo(BundleContext context) {
		String area = context.getProperty("osgi.configuration.area");
		String url = context.getProperty("org.eclipse.equinox.simpleconfigurator.configUrl");
		if (area == null || url == null) {
			return null;
		}
		try {
			URI base = new URI(area.replace(" ", "%20"));
			URI resolved = url.startsWith("file:") && !url.startsWith("file:/")
					? base.resolve(url.substring("file:".length()).replace(" ", "%20"))
					: new URI(url.replace(" ", "%20"));
			Path path = Path.of(resolved);
			return Files.isRegularFile(path) ? path : null;
		} catch (URISyntaxException | IllegalArgumentException e) {
			return null;
		}
	}
}
