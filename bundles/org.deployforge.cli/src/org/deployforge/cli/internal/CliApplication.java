package org.deployforge.cli.internal;

import java.io.PrintWriter;
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
		PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
		PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
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
			return DeployForgeCli.execute(service, out, err, args);
		} finally {
			tracker.close();
		}
	}

	@Override
	public void stop() {
		// commands end on their own; nothing to interrupt
	}
}
