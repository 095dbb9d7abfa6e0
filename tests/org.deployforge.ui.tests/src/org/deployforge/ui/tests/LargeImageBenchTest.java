package org.deployforge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.deployforge.tests.common.Tools;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.images.internal.ImageEditor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a 100,000-file WIM in the image editor and measures what the issue asks (tree shown ≤ 1 s, heap < 400 MB),
 * with wimlib-imagex dir on the same file in the same run for comparison. Long: only with
 * {@code -Ddeployforge.longTests=true}; the figures go to stdout and bench/RESULTS.md.
 */
class LargeImageBenchTest {

	@TempDir
	Path temp;

	@Test
	void aHundredThousandFileImageOpensQuicklyInLittleHeap() throws Exception {
		Assumptions.assumeTrue(Boolean.getBoolean("deployforge.longTests"),
				"skipped: long test (run with -Ddeployforge.longTests=true)");
		Path content = Files.createDirectories(temp.resolve("content"));
		int folders = 200;
		int perFolder = 500;
		for (int f = 0; f < folders; f++) {
			Path folder = Files.createDirectories(content.resolve(String.format("Folder%03d", f)));
			for (int i = 0; i < perFolder; i++) {
				Files.writeString(folder.resolve("file" + i + ".txt"), f + "/" + i);
			}
		}
		Path wim = temp.resolve("Hundred.wim");
		Tools.ok("wimlib-imagex", "capture", content.toString(), wim.toString(), "Hundred", "--compress=none");
		IProject project = Workbench.project("Bench");
		IFile image = Workbench.importFile(wim, project, true);

		long dirStart = System.nanoTime();
		String listing = Tools.ok("wimlib-imagex", "dir", wim.toString(), "1").stdout();
		double dirSeconds = (System.nanoTime() - dirStart) / 1e9;
		long lines = listing.lines().count();

		System.gc();
		long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		long start = System.nanoTime();
		IEditorPart part = IDE.openEditor(Workbench.page(), image, org.deployforge.ui.images.ImagesUi.EDITOR_ID);
		ImageEditor editor = (ImageEditor) part;
		editor.showIndex(1);
		UiHarness.waitUntil("the tree of 100,000 files", 120_000, () -> editor.filesPage().shownIndex() == 1
				&& editor.filesPage().viewer().getTree().getItemCount() == folders);
		double openSeconds = (System.nanoTime() - start) / 1e9;
		UiHarness.waitUntil("the whole tree", 120_000, () -> editor.entryPaths(1) != null);
		double fullSeconds = (System.nanoTime() - start) / 1e9;
		System.gc();
		long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		UiHarness.screenshot(Workbench.window().getShell(), "bench-100k-files");

		String result = String.format(Locale.ROOT,
				"100,000-file WIM (%d entries): editor open to tree shown %.2f s, whole tree read %.2f s;"
						+ " wimlib-imagex dir %.2f s (%d lines);"
						+ " heap used after open %d MB (before %d MB)",
				editor.entryPaths(1).size() - 1, openSeconds, fullSeconds, dirSeconds, lines, heapAfter >> 20, heapBefore >> 20);
		System.out.println("BENCH " + result);
		assertEquals(folders * (perFolder + 1), editor.entryPaths(1).size() - 1);
		assertTrue(heapAfter < 400L << 20, result);
		Workbench.page().closeAllEditors(false);
	}
}
