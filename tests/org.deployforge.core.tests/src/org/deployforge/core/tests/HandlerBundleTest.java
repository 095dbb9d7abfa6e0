package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.Image;
import org.deployforge.core.ImageService;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.tests.demo.DemoArchiveHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A handler bundle installed and started while the framework runs shows up in {@code deployforge formats} and opens
 * files at once; stopped, it disappears; no restart in between. The bundle is built here from the classes of
 * {@link DemoArchiveHandler}, with a Declarative Services component description, as a third party would ship it.
 */
class HandlerBundleTest {

	private static final String DEMO_PACKAGE = "org/deployforge/core/tests/demo";
	private static final String COMPONENT_XML = """
			<?xml version="1.0" encoding="UTF-8"?>
			<scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="org.deployforge.demo.handler">
			   <implementation class="org.deployforge.core.tests.demo.DemoArchiveHandler"/>
			   <service>
			      <provide interface="org.deployforge.core.ImageHandler"/>
			   </service>
			</scr:component>
			""";

	@TempDir
	Path temp;

	private Path buildHandlerBundle() throws IOException {
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		main.putValue("Bundle-ManifestVersion", "2");
		main.putValue("Bundle-SymbolicName", "org.deployforge.demo.handler");
		main.putValue("Bundle-Version", "1.0.0");
		main.putValue("Bundle-Name", "Demo archive handler (installed at run time by a test)");
		main.putValue("Import-Package",
				"org.deployforge.core,org.deployforge.core.capability,org.deployforge.tests.common.archive");
		main.putValue("Require-Bundle", "org.eclipse.equinox.common");
		main.putValue("Service-Component", "OSGI-INF/handler.xml");
		main.putValue("Bundle-ActivationPolicy", "lazy");
		Path jar = temp.resolve("org.deployforge.demo.handler_1.0.0.jar");
		Bundle self = Services.context().getBundle();
		int classes = 0;
		try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
			BundleWiring wiring = self.adapt(BundleWiring.class);
			for (String name : wiring.listResources(DEMO_PACKAGE, "*.class", 0)) {
				URL url = wiring.getClassLoader().getResource(name);
				out.putNextEntry(new JarEntry(name));
				try (InputStream in = url.openStream()) {
					in.transferTo(out);
				}
				classes++;
			}
			out.putNextEntry(new JarEntry("OSGI-INF/handler.xml"));
			out.write(COMPONENT_XML.getBytes(StandardCharsets.UTF_8));
		}
		assertTrue(classes >= 1, "the demo handler class was found in the test bundle");
		return jar;
	}

	private static JsonNode formats(ImageService service) throws IOException {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = DeployForgeCli.execute(service, new PrintWriter(out), new PrintWriter(err), "formats", "--json");
		assertEquals(0, exit, err.toString());
		return new ObjectMapper().readTree(out.toString());
	}

	private static boolean listsDemo(JsonNode formats) {
		for (JsonNode handler : formats.get("handlers")) {
			if (handler.get("id").asText().equals("dfdemo")) {
				return true;
			}
		}
		return false;
	}

	@Test
	void installedBundleShowsUpInFormatsAndOpensFilesStoppedItDisappears() throws Exception {
		ImageService service = Services.imageService();
		assertFalse(listsDemo(formats(service)), "not there before the install");
		Path archive = Files.writeString(temp.resolve("x.dfdemo"), DemoArchiveHandler.MAGIC + "a.txt\tA\n");

		Bundle bundle = Services.context().installBundle(buildHandlerBundle().toUri().toString());
		try {
			bundle.start(Bundle.START_ACTIVATION_POLICY);
			assertTrue(Services.eventually(() -> service.handler("dfdemo").isPresent()),
					"the installed bundle's DS component bound into the ImageService");
			assertTrue(listsDemo(formats(service)), "deployforge formats lists it");
			try (Image image = service.open(archive, OpenOptions.READ_ONLY)) {
				assertEquals(1, image.info().volumes().get(0).fileCount());
			}
			assertEquals(bundle, org.osgi.framework.FrameworkUtil.getBundle(service.handler("dfdemo").get().getClass()),
					"the handler class comes from the installed bundle, not the test bundle");

			bundle.stop();
			assertTrue(Services.eventually(() -> service.handler("dfdemo").isEmpty()), "stopped: the handler is gone");
			assertFalse(listsDemo(formats(service)), "deployforge formats no longer lists it");
		} finally {
			bundle.uninstall();
		}
	}
}
