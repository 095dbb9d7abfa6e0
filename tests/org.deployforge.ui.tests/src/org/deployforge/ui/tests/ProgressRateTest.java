package org.deployforge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deployforge.core.Image;
import org.deployforge.core.ImageService;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.capability.Compression;
import org.deployforge.core.capability.ExportCapability;
import org.deployforge.tests.common.Tools;
import org.deployforge.ui.images.internal.RateMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The progress text of image jobs carries a byte rate ("12.3 MiB/s") and the time left, from the byte counts the WIM
 * handler passes on from wimlib, checked on a real LZX export against the bytes and the wall time of that export.
 */
class ProgressRateTest {

	@TempDir
	Path temp;

	private static final Pattern RATE = Pattern
			.compile("(\\d+)%, (\\d+\\.\\d) (KiB|MiB|GiB)/s(, about (\\d+) (s|min) left)?");

	@Test
	void anExportShowsAByteRateAndTheTimeLeft() throws Exception {
		Path content = Files.createDirectories(temp.resolve("content"));
		Random random = new Random(5);
		byte[] block = new byte[1 << 20];
		for (int file = 0; file < 2; file++) {
			try (var out = Files.newOutputStream(content.resolve("data" + file + ".bin"))) {
				for (int i = 0; i < 12; i++) {
					random.nextBytes(block);
					out.write(block);
				}
			}
		}
		Path wim = temp.resolve("Rate.wim");
		Tools.ok("wimlib-imagex", "capture", content.toString(), wim.toString(), "Rate", "--compress=none");
		long bytes = 24L << 20;

		List<String> texts = new ArrayList<>();
		NullProgressMonitor recorder = new NullProgressMonitor() {
			@Override
			public void subTask(String name) {
				texts.add(name);
			}
		};
		BundleContext context = FrameworkUtil.getBundle(ProgressRateTest.class).getBundleContext();
		ImageService service = context.getService(context.getServiceReference(ImageService.class));
		long start = System.nanoTime();
		try (Image image = service.open(wim, OpenOptions.READ_ONLY)) {
			image.capability(ExportCapability.class).orElseThrow().export(List.of(), temp.resolve("out.wim"),
					new ExportCapability.ExportOptions(Compression.LZX, false, false), new RateMonitor(recorder));
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		double average = bytes / seconds;

		List<String> withRate = texts.stream().filter(text -> RATE.matcher(text).find()).toList();
		assertFalse(withRate.isEmpty(), "some progress text shows a byte rate: " + texts);
		assertTrue(texts.stream().noneMatch(text -> text.contains("%/s")), "no percent-per-second rate: " + texts);
		assertTrue(withRate.get(0).startsWith("Writing: "), "the handler's own text stays in front: " + withRate);
		boolean timeLeft = false;
		for (String text : withRate) {
			Matcher matcher = RATE.matcher(text);
			assertTrue(matcher.find());
			double rate = Double.parseDouble(matcher.group(2)) * switch (matcher.group(3)) {
			case "KiB" -> 1024.0;
			case "MiB" -> 1024.0 * 1024;
			default -> 1024.0 * 1024 * 1024;
			};
			// the rate is measured over the writing phase only, so it is at least about the whole run's average
			assertTrue(rate > average / 3 && rate < average * 20, String.format(Locale.ROOT,
					"%s: rate %.0f B/s against %.0f B/s (%d bytes in %.2f s)", text, rate, average, bytes, seconds));
			timeLeft |= matcher.group(4) != null;
		}
		assertTrue(timeLeft, "the time left is shown while the export runs: " + withRate);
		System.out.println("PROGRESS " + withRate.get(withRate.size() / 2) + String.format(Locale.ROOT,
				" (the whole export: %d bytes in %.2f s)", bytes, seconds));
	}
}
