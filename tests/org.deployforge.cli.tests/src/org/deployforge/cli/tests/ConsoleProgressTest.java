package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import org.deployforge.cli.internal.CliContext;
import org.deployforge.cli.internal.ConsoleProgress;
import org.eclipse.core.runtime.SubMonitor;
import org.junit.jupiter.api.Test;

/**
 * What the console progress monitor draws: a bar redrawn in place with bytes and rate on a terminal, plain lines
 * otherwise, fed the way handlers feed it (SubMonitor ticks and "PHASE: X of Y" sub-tasks).
 */
class ConsoleProgressTest {

	private static CliContext context(boolean terminal) throws Exception {
		return new CliContext(Cli.service(), InputStream.nullInputStream(), OutputStream.nullOutputStream(), terminal,
				false);
	}

	@Test
	void terminalGetsABarWithBytesAndRateRedrawnInPlace() throws Exception {
		StringWriter text = new StringWriter();
		ConsoleProgress monitor = ConsoleProgress.start(context(true), new PrintWriter(text), "Extracting",
				64L << 20, true);
		SubMonitor sub = SubMonitor.convert(monitor, "Extracting", 64);
		for (int i = 0; i < 4; i++) {
			Thread.sleep(120);
			sub.worked(16);
		}
		monitor.close();
		String drawn = text.toString();
		assertTrue(drawn.startsWith("\rExtracting [######"), drawn);
		assertTrue(drawn.contains("] 100%  64.0 MiB of 64.0 MiB, "), drawn);
		assertTrue(drawn.matches("(?s).*\\d+\\.\\d (KiB|MiB|GiB)/s.*"), "a rate: " + drawn);
		assertTrue(drawn.contains(" 25%  16.0 MiB of 64.0 MiB"), drawn);
		assertTrue(drawn.endsWith("\n"), "the last line is ended");
		assertTrue(drawn.contains("\rExtracting: done in "), drawn);
		assertFalse(drawn.substring(0, drawn.length() - 1).contains("\n"), "one line, redrawn with \\r: " + drawn);
	}

	@Test
	void plainLinesCarryTheHandlersExactFigures() throws Exception {
		StringWriter text = new StringWriter();
		ConsoleProgress monitor = ConsoleProgress.start(context(false), new PrintWriter(text), "Exporting",
				-1, false);
		SubMonitor sub = SubMonitor.convert(monitor, "Exporting image 1", 1000);
		sub.subTask("Writing: 10.0 MiB of 40.0 MiB");
		Thread.sleep(2100);
		sub.worked(500);
		monitor.close();
		String[] lines = text.toString().split("\n");
		assertEquals(2, lines.length, text.toString());
		assertTrue(lines[0].startsWith("Exporting image 1: 50% (20.0 MiB of 40.0 MiB, "), lines[0]);
		assertTrue(lines[0].endsWith("/s) - Writing"), lines[0]);
		assertTrue(lines[1].startsWith("Exporting image 1: done in 2."), lines[1]);
		assertFalse(text.toString().contains("\r"));
	}

	@Test
	void shortWorkPrintsNothingAndCancellationIsSeen() throws Exception {
		StringWriter text = new StringWriter();
		ConsoleProgress monitor = ConsoleProgress.start(context(false), new PrintWriter(text), "Verifying",
				100, false);
		SubMonitor.convert(monitor, 10).worked(10);
		assertFalse(monitor.isCanceled());
		monitor.setCanceled(true);
		assertTrue(monitor.isCanceled());
		monitor.close();
		assertEquals("", text.toString());
	}
}
