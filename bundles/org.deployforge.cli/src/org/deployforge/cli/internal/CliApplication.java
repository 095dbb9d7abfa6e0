package org.deployforge.cli.internal;

import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ImageService;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** The Equinox application behind {@code ./deployforge}: finds the {@link ImageService} and runs picocli. */
public final class CliApplication implements IApplication {

	/** How long to wait for Declarative Services to publish the image service at start-up. */
	private static final long SERVICE_WAIT_SECONDS = 20;

	@Override
	public Object start(IApplicationContext context) throws Exception {
		Map<?, ?> arguments = context.getArguments();
		String[] args = arguments.get(IApplicationContext.APPLICATION_ARGS) instanceof String[] given ? given
				: new String[0];
		context.applicationRunning();
		Charset charset = Charset.defaultCharset();
		// Buffered, flushed at the end and by progress: a 100,000-line listing must not flush per line.
		OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
		PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, charset), false);
		PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
		BundleContext bundleContext = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(bundleContext, ImageService.class, null);
		tracker.open();
		try {
			ImageService service = tracker.waitForService(TimeUnit.SECONDS.toMillis(SERVICE_WAIT_SECONDS));
			if (service == null) {
				err.println("deployforge: the image service did not start within " + SERVICE_WAIT_SECONDS
						+ " s; is the org.deployforge.core bundle installed?");
				return DeployForgeCli.FAILED;
			}
			CliContext cli = new CliContext(service, System.in, stdout, isTerminal(), true);
			return RootCommand.run(cli, out, err, args);
		} finally {
			out.flush();
			stdout.flush();
			tracker.close();
		}
	}

	/**
	 * @return whether the process talks to a terminal: {@link System#console()} is not null and, on Java 22 and
	 *         later (where a console exists even when redirected), {@code Console.isTerminal()} says so
	 */
	static boolean isTerminal() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			Method isTerminal = Console.class.getMethod("isTerminal");
			return Boolean.TRUE.equals(isTerminal.invoke(console));
		} catch (ReflectiveOperationException e) {
			return true; // Java 21: a console exists only for a terminal
		}
	}

	@Override
	public void stop() {
		// commands end on their own; Ctrl-C cancels running work through ConsoleProgress's shutdown hook
	}
}
