package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.tests.common.Tools;
import org.deployforge.workspace.SampleWorkspace;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample deployment project's images are real: made by the product's own handlers (capture, append, set-info,
 * export, split) and read back here with wimlib-imagex.
 */
class SampleImagesTest {

	@TempDir
	Path temp;

	@Test
	void sampleProjectGetsAMultiImageWimAnEsdAndASplitSet() throws Exception {
		Wims.handler();
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("Sample images " + System.nanoTime());
		project.create(null);
		project.open(null);
		try {
			List<IFile> files = SampleWorkspace.createSampleImages(project, Cli.service(), new NullProgressMonitor());
			List<String> names = files.stream().map(IFile::getName).toList();
			assertTrue(names.containsAll(List.of("install.esd", "install.swm", "install.wim", "install2.swm")),
					names.toString());
			assertTrue(project.getFolder("images").getFile("README.md").exists(), "the workspace sees the files");
			Path folder = project.getFolder("images").getLocation().toPath();
			Path wim = folder.resolve("install.wim");
			Wimlib.Info info = Wimlib.info(wim);
			assertEquals(2, info.imageCount());
			assertEquals(1, info.bootIndex());
			assertEquals("Sample Home", info.image(1).get("Name"));
			assertEquals("Sample Pro", info.image(2).get("Name"));
			assertTrue(Wimlib.xml(wim).contains("<EDITIONID>Professional</EDITIONID>"), Wimlib.xml(wim));
			Tools.ok("wimlib-imagex", "verify", wim.toString());
			Path esd = folder.resolve("install.esd");
			assertEquals("LZMS", Wimlib.info(esd).header().get("Compression"));
			assertEquals("3584", Wimlib.info(esd).header().get("Version"));
			Path joined = temp.resolve("joined.wim");
			List<String> join = new java.util.ArrayList<>(List.of("wimlib-imagex", "join", joined.toString()));
			try (var parts = Files.list(folder)) {
				parts.map(Path::toString).filter(name -> name.endsWith(".swm")).sorted().forEach(join::add);
			}
			assertTrue(join.size() >= 5, "the split set has at least two parts: " + join);
			Tools.run(null, join).assertOk();
			for (int index = 1; index <= 2; index++) {
				assertEquals(Wimlib.hashes(wim, index), Wimlib.hashes(esd, index), "ESD image " + index);
				assertEquals(Wimlib.hashes(wim, index), Wimlib.hashes(joined, index), "split set image " + index);
			}
			assertEquals(2, Cli.run("info", folder.resolve("install.swm").toString(), "--json").ok().json()
					.get("imageCount").asInt());
		} finally {
			project.delete(true, true, null);
		}
	}
}
