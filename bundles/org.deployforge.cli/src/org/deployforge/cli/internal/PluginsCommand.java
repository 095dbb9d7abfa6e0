package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.plugins.PluginChange;
import org.deployforge.plugins.PluginException;
import org.deployforge.plugins.PluginFeature;
import org.deployforge.plugins.PluginService;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deployforge plugins list|install|uninstall}: DeployForge features from p2 update sites, installed into and
 * removed from this installation while it runs (see docs/plugins.md).
 */
@Command(name = "plugins", description = "List, install and uninstall DeployForge features (format handlers) from update sites.",
		subcommands = { PluginsCommand.List.class, PluginsCommand.Install.class, PluginsCommand.Uninstall.class })
final class PluginsCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new picocli.CommandLine.ParameterException(spec.commandLine(),
				"a subcommand is required: list, install or uninstall");
	}

	/** @return the plug-in service of the running framework */
	static PluginService service() throws PluginException {
		Bundle bundle = FrameworkUtil.getBundle(PluginsCommand.class);
		if (bundle == null || bundle.getBundleContext() == null) {
			throw new PluginException("not running inside the DeployForge OSGi framework");
		}
		ServiceTracker<PluginService, PluginService> tracker = new ServiceTracker<>(bundle.getBundleContext(),
				PluginService.class, null);
		tracker.open();
		try {
			PluginService service = tracker.waitForService(20_000);
			if (service == null) {
				throw new PluginException("the plug-in service did not start; is org.deployforge.plugins installed?");
			}
			return service;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new PluginException("interrupted");
		}
	}

	/** @return a file: URI for a folder or an archive, else the text as a URI */
	static URI location(String text) {
		Path path = Path.of(text);
		if (!text.contains(":") || Files.exists(path)) {
			return path.toAbsolutePath().normalize().toUri();
		}
		return URI.create(text);
	}

	static ObjectNode json(PluginFeature feature, ObjectNode node) {
		node.put("id", feature.id());
		node.put("version", feature.version());
		node.put("name", feature.name());
		node.put("installed", feature.installed());
		node.put("removable", feature.removable());
		return node;
	}

	static int fail(PrintWriter err, PluginException e) {
		err.println("deployforge: " + e.getMessage());
		return e.refused() ? DeployForgeCli.VERIFICATION_FAILED : DeployForgeCli.FAILED;
	}

	static void printChange(PrintWriter out, PrintWriter err, String verb, PluginChange change, boolean json) {
		if (json) {
			ObjectNode root = Json.object();
			json(change.feature(), root.putObject("feature"));
			ArrayNode bundles = root.putArray("bundles");
			change.bundles().forEach(bundles::add);
			root.put("applied", change.applied());
			ArrayNode warnings = root.putArray("warnings");
			change.warnings().forEach(warnings::add);
			Json.print(out, root);
		} else {
			out.printf("%s %s %s (%s)%n", verb, change.feature().id(), change.feature().version(),
					String.join(", ", change.bundles()));
			out.println(change.applied() ? "The change is active now; no restart needed."
					: "Restart DeployForge to use the change.");
			change.warnings().forEach(warning -> err.println("deployforge: warning: " + warning));
		}
	}

	@Command(name = "list", description = "List the DeployForge features installed, and those an update site offers.")
	static final class List implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = { "-r", "--repository" }, paramLabel = "REPO",
				description = "Also list the features this update site offers (folder or URL).")
		@Nullable
		String repository;

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;

		@Override
		public Integer call() {
			PrintWriter out = spec.commandLine().getOut();
			PrintWriter err = spec.commandLine().getErr();
			try {
				PluginService service = service();
				java.util.List<PluginFeature> installed = service.installed();
				java.util.List<PluginFeature> available = repository == null ? java.util.List.of()
						: service.available(location(repository), new NullProgressMonitor());
				if (json) {
					ObjectNode root = Json.object();
					ArrayNode array = root.putArray("installed");
					installed.forEach(feature -> json(feature, array.addObject()));
					if (repository != null) {
						ArrayNode offered = root.putArray("available");
						available.forEach(feature -> json(feature, offered.addObject()));
					}
					Json.print(out, root);
					return DeployForgeCli.OK;
				}
				print(out, "Installed:", installed);
				if (repository != null) {
					out.println();
					print(out, "Offered by " + location(repository) + ":", available);
				}
				return DeployForgeCli.OK;
			} catch (PluginException e) {
				return fail(err, e);
			}
		}

		private static void print(PrintWriter out, String title, java.util.List<PluginFeature> features) {
			out.println(title);
			if (features.isEmpty()) {
				out.println("  (none)");
			}
			int width = features.stream().mapToInt(feature -> feature.id().length()).max().orElse(10);
			for (PluginFeature feature : features) {
				String state = feature.installed() ? (feature.removable() ? "installed" : "product") : "available";
				out.printf("  %-" + width + "s  %-24s  %-9s  %s%n", feature.id(), feature.version(), state,
						feature.name());
			}
		}
	}

	@Command(name = "install", description = "Install a feature from an update site into this installation, at once.")
	static final class Install implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "REPO", description = "The update site: a folder, file: URL or http(s): URL.")
		String repository;

		@Parameters(index = "1", paramLabel = "FEATURE_ID",
				description = "The feature, e.g. org.deployforge.handler.cab.feature.")
		String feature;

		@Option(names = "--allow-unsigned",
				description = "Install unsigned content, or content signed by certificates this installation does not trust."
						+ " Checksums are enforced regardless.")
		boolean allowUnsigned;

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;

		@Override
		public Integer call() {
			PrintWriter out = spec.commandLine().getOut();
			PrintWriter err = spec.commandLine().getErr();
			try {
				PluginChange change = service().install(location(repository), feature, allowUnsigned,
						new NullProgressMonitor());
				printChange(out, err, "Installed", change, json);
				return DeployForgeCli.OK;
			} catch (PluginException e) {
				return fail(err, e);
			}
		}
	}

	@Command(name = "uninstall", description = "Remove a feature installed with 'plugins install', at once.")
	static final class Uninstall implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "FEATURE_ID", description = "The feature to remove.")
		String feature;

		@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
		boolean json;

		@Override
		public Integer call() {
			PrintWriter out = spec.commandLine().getOut();
			PrintWriter err = spec.commandLine().getErr();
			try {
				PluginChange change = service().uninstall(feature, new NullProgressMonitor());
				printChange(out, err, "Uninstalled", change, json);
				return DeployForgeCli.OK;
			} catch (PluginException e) {
				return fail(err, e);
			}
		}
	}
}
