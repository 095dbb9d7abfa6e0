package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService;
import org.deployforge.core.NoHandlerException;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.UnknownFormatException;
import org.deployforge.core.tests.demo.DemoArchiveHandler;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/** The whiteboard picks up handlers registered at run time and lets them go cleanly. */
class ImageServiceTest {

	@TempDir
	Path temp;

	private Path demoArchive(String name) throws Exception {
		return Files.writeString(temp.resolve(name), DemoArchiveHandler.MAGIC + "hello.txt\tHello, world\n",
				StandardCharsets.UTF_8);
	}

	@Test
	void handlerRegisteredAtRunTimeIsUsedAtOnceAndGoneWhenUnregistered() throws Exception {
		ImageService service = Services.imageService();
		Path archive = demoArchive("sample.bin");
		assertThrows(UnknownFormatException.class, () -> service.open(archive, OpenOptions.READ_ONLY),
				"no handler knows the demo format yet");

		List<String> events = new ArrayList<>();
		ImageService.HandlerListener listener = new ImageService.HandlerListener() {
			@Override
			public void handlerAdded(ImageHandler handler) {
				events.add("+" + handler.id());
			}

			@Override
			public void handlerRemoved(ImageHandler handler) {
				events.add("-" + handler.id());
			}
		};
		service.addHandlerListener(listener);
		ServiceRegistration<ImageHandler> registration = Services.context().registerService(ImageHandler.class,
				new DemoArchiveHandler(), null);
		try {
			assertTrue(service.handler("dfdemo").isPresent());
			Image image = service.open(archive, OpenOptions.READ_ONLY);
			assertEquals("dfdemo", image.handlerId());
			try (InputStream in = image.tree(1).read("\\hello.txt")) {
				assertEquals("Hello, world", new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
			registration.unregister();
			registration = null;
			assertFalse(service.handler("dfdemo").isPresent());
			ImageException closed = assertThrows(ImageException.class, () -> image.tree(1).list("/"));
			assertTrue(closed.getMessage().contains("handler 'dfdemo' was uninstalled or stopped"), closed.getMessage());
			assertEquals(List.of("+dfdemo", "-dfdemo"), events);
		} finally {
			if (registration != null) {
				registration.unregister();
			}
			service.removeHandlerListener(listener);
		}
	}

	@Test
	void removingOneHandlerClosesNothingOfAnother() throws Exception {
		ImageService service = Services.imageService();
		DemoArchiveHandler first = new DemoArchiveHandler();
		ImageHandler second = new DemoArchiveHandler() {
			@Override
			public String id() {
				return "dfdemo2";
			}
		};
		Dictionary<String, Object> higher = new Hashtable<>();
		higher.put(Constants.SERVICE_RANKING, 10);
		ServiceRegistration<ImageHandler> firstRegistration = Services.context().registerService(ImageHandler.class,
				first, null);
		ServiceRegistration<ImageHandler> secondRegistration = Services.context().registerService(ImageHandler.class,
				second, higher);
		try {
			Path archive = demoArchive("a.dfdemo");
			assertEquals("dfdemo2", service.detect(archive).handler().orElseThrow().id(),
					"equal confidence: the higher service ranking wins");
			assertEquals("dfdemo2", service.handlers().get(0).id(), "handlers are listed by ranking");
			Image openedBySecond = service.open(archive, OpenOptions.READ_ONLY);
			firstRegistration.unregister();
			firstRegistration = null;
			assertEquals(1, openedBySecond.tree(1).list("/").size(),
					"an image of the remaining handler stays open when another handler leaves");
			secondRegistration.unregister();
			secondRegistration = null;
			assertThrows(ImageException.class, () -> openedBySecond.tree(1).list("/"),
					"its own handler leaving closes it");
		} finally {
			if (firstRegistration != null) {
				firstRegistration.unregister();
			}
			if (secondRegistration != null) {
				secondRegistration.unregister();
			}
		}
	}

	@Test
	void recognisedFormatWithoutHandlerSaysSo() throws Exception {
		ImageService service = Services.imageService();
		Path disk = temp.resolve("disk.vhdx");
		Tools.ok("qemu-img", "create", "-q", "-f", "vhdx", disk.toString(), "8M");
		if (service.handler("vhd").isPresent()) {
			return; // a VHDX handler is installed in this runtime: nothing to refuse
		}
		NoHandlerException error = assertThrows(NoHandlerException.class, () -> service.open(disk, OpenOptions.DEFAULT));
		assertEquals(disk + ": no handler installed for VHDX (Virtual Hard Disk v2 (VHDX)); install one from an update"
				+ " site with 'deployforge plugins install' (in the workbench: Help > Install New Software...)",
				error.getMessage());
	}

	@Test
	void aHiveOpenedAsAnImagePointsToTheRegistryCommands() throws Exception {
		ImageService service = Services.imageService();
		Path hive = Files.copy(org.deployforge.tests.common.Fixtures.require("hive/minimal"), temp.resolve("SOFTWARE"));
		NoHandlerException error = assertThrows(NoHandlerException.class, () -> service.open(hive, OpenOptions.DEFAULT));
		assertEquals(hive + ": this is a registry hive, not an image; open it with 'deployforge reg ls'",
				error.getMessage());
	}

	@Test
	void unknownEmptyMissingAndFolderInputsGetOneClearError() throws Exception {
		ImageService service = Services.imageService();
		Path text = Files.writeString(temp.resolve("notes.txt"), "just text");
		ImageException unknown = assertThrows(UnknownFormatException.class, () -> service.open(text, OpenOptions.DEFAULT));
		assertTrue(unknown.getMessage().startsWith(text + ": not a recognised image format (first bytes 6A 75 73 74"),
				unknown.getMessage());
		Path empty = Files.createFile(temp.resolve("empty.wim"));
		assertEquals(empty + ": the file is empty",
				assertThrows(ImageException.class, () -> service.open(empty, OpenOptions.DEFAULT)).getMessage());
		Path missing = temp.resolve("missing.wim");
		assertEquals(missing + ": no such file",
				assertThrows(ImageException.class, () -> service.open(missing, OpenOptions.DEFAULT)).getMessage());
		assertInstanceOf(ImageException.class, assertThrows(ImageException.class,
				() -> service.open(temp, OpenOptions.DEFAULT)));
	}
}
