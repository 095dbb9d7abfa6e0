package org.deployforge.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.deployforge.core.FileTrees;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.capability.CaptureCapability;
import org.deployforge.core.capability.CaptureCapability.CaptureOptions;
import org.deployforge.core.capability.Compression;
import org.deployforge.core.capability.ExportCapability;
import org.deployforge.core.capability.ExportCapability.ExportOptions;
import org.deployforge.core.capability.ImagePropertiesCapability;
import org.deployforge.core.capability.SplitCapability;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The built-in sample workspace: on the first start of an empty workspace, the projects under {@code sample/} in this
 * bundle are created in it. Later starts, or a workspace that already holds projects, are left alone; a user who
 * deletes the sample does not get it back.
 * <p>
 * On that first start the sample deployment project also receives real images made by the product itself through
 * the installed handlers' capabilities ({@link #createSampleImages}): a two-image WIM captured from small generated
 * trees, a solid LZMS ESD exported from it and a split set of it. Where no installed handler offers capture (the WIM
 * handler bundle is absent) the project simply has no images.
 */
public final class SampleWorkspace {

	/** The bundle folder whose sub-folders become sample projects. */
	public static final String SAMPLE_FOLDER = "sample";
	/** Instance-scope preference recording that the sample was offered once. */
	public static final String PREFERENCE_SAMPLE_CREATED = "sampleCreated";
	/** The name of the sample deployment project. */
	public static final String SAMPLE_PROJECT = "Sample Deployment";
	/** The sample project's image (a real two-image WIM made with wimlib-imagex), relative to the project. */
	public static final String SAMPLE_IMAGE = "images/Sample.wim";

	/** The folder of the sample project that receives the images made on first start. */
	public static final String SAMPLE_IMAGES_FOLDER = "images";

	private static final String BUNDLE_ID = "org.deployforge.workspace";

	/** How long the first start waits for the image service and a handler that captures WIM files. */
	private static final long SERVICE_WAIT_MILLIS = 15_000;

	/** Part size of the sample split set: small, so the sample images make several parts. */
	private static final long SAMPLE_PART_BYTES = 128 * 1024;

	private SampleWorkspace() {
	}

	/**
	 * Creates the sample projects if this workspace never had them and holds no project.
	 *
	 * @return the projects created (empty when nothing was done)
	 * @throws CoreException when a project or file cannot be created
	 */
	public static List<IProject> ensure(IWorkspace workspace, IProgressMonitor monitor) throws CoreException {
		IEclipsePreferences preferences = InstanceScope.INSTANCE.getNode(BUNDLE_ID);
		if (preferences.getBoolean(PREFERENCE_SAMPLE_CREATED, false) || workspace.getRoot().getProjects().length > 0) {
			return List.of();
		}
		SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample workspace", 10);
		List<IProject> created = create(workspace, progress.split(2));
		for (IProject project : created) {
			if (project.getName().equals(SAMPLE_PROJECT)) {
				fillWithImages(project, progress.split(8));
			}
		}
		preferences.putBoolean(PREFERENCE_SAMPLE_CREATED, true);
		try {
			preferences.flush();
		} catch (BackingStoreException e) {
			throw new CoreException(Status.error("cannot record that the sample workspace was created", e));
		}
		return created;
	}

	/**
	 * Creates (or completes) the sample projects, whatever the workspace holds.
	 *
	 * @return the projects created or completed
	 */
	public static List<IProject> create(IWorkspace workspace, IProgressMonitor monitor) throws CoreException {
		Bundle bundle = FrameworkUtil.getBundle(SampleWorkspace.class);
		List<String> projectFolders = children(bundle, SAMPLE_FOLDER + "/");
		SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample workspace", projectFolders.size());
		List<IProject> projects = new ArrayList<>();
		for (String folder : projectFolders) {
			String name = lastSegment(folder);
			IProject project = workspace.getRoot().getProject(name);
			if (!project.exists()) {
				IProjectDescription description = workspace.newProjectDescription(name);
				description.setNatureIds(new String[] { DeploymentNature.ID });
				project.create(description, progress.newChild(0));
			}
			if (!project.isOpen()) {
				project.open(progress.newChild(0));
			}
			DeploymentProjects.addNature(project, progress.newChild(0));
			copy(bundle, folder, project, progress.split(1));
			projects.add(project);
		}
		return projects;
	}

	private static void copy(Bundle bundle, String bundleFolder, org.eclipse.core.resources.IContainer container,
			IProgressMonitor monitor) throws CoreException {
		for (String entry : children(bundle, bundleFolder)) {
			String name = lastSegment(entry);
			if (entry.endsWith("/")) {
				IFolder folder = container.getFolder(org.eclipse.core.runtime.IPath.fromOSString(name));
				if (!folder.exists()) {
					folder.create(IResource.NONE, true, monitor);
				}
				copy(bundle, entry, folder, monitor);
			} else {
				IFile file = container.getFile(org.eclipse.core.runtime.IPath.fromOSString(name));
				if (file.exists()) {
					continue;
				}
				URL url = bundle.getEntry(entry);
				try (InputStream contents = url.openStream()) {
					file.create(contents, IResource.NONE, monitor);
				} catch (IOException e) {
					throw new CoreException(Status.error("cannot read the sample file " + entry + ": " + e.getMessage(), e));
				}
			}
		}
	}

	private static List<String> children(Bundle bundle, String folder) {
		Enumeration<String> paths = bundle.getEntryPaths(folder);
		if (paths == null) {
			return List.of();
		}
		List<String> result = Collections.list(paths);
		Collections.sort(result);
		return result;
	}

	private static String lastSegment(String entry) {
		String trimmed = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
		return trimmed.substring(trimmed.lastIndexOf('/') + 1);
	}

	/**
	 * Fills the sample deployment project with images made by the installed handlers, waiting a little for Declarative
	 * Services to publish them on a first start. Problems are logged, never thrown: the sample is a convenience.
	 */
	private static void fillWithImages(IProject project, IProgressMonitor monitor) {
		BundleContext context = FrameworkUtil.getBundle(SampleWorkspace.class).getBundleContext();
		ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(context, ImageService.class, null);
		tracker.open();
		try {
			ImageService service = tracker.waitForService(SERVICE_WAIT_MILLIS);
			long deadline = System.nanoTime() + SERVICE_WAIT_MILLIS * 1_000_000;
			while (service != null && wimCapture(service).isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			if (service != null && wimCapture(service).isPresent()) {
				createSampleImages(project, service, monitor);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (CoreException e) {
			ILog.of(SampleWorkspace.class).log(e.getStatus());
		} finally {
			tracker.close();
		}
	}

	private static Optional<CaptureCapability> wimCapture(ImageService service) {
		for (ImageHandler handler : service.handlers()) {
			if (handler.formats().stream().anyMatch(format -> format.matchesName("install.wim"))) {
				Optional<CaptureCapability> capture = handler.capability(CaptureCapability.class);
				if (capture.isPresent()) {
					return capture;
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Makes real images in {@code project}'s {@value #SAMPLE_IMAGES_FOLDER} folder through the image service's
	 * handlers, from two small generated trees (a "Home" and a "Pro" edition):
	 * <ul>
	 * <li>{@code install.wim}: two images (LZX), with DISPLAYNAME, FLAGS and WINDOWS/EDITIONID set and the boot index 1;
	 * <li>{@code install.esd}: both images exported solid LZMS, as Microsoft ships them;
	 * <li>{@code install.swm}, {@code install2.swm}, …: {@code install.wim} split into parts of 128 KiB.
	 * </ul>
	 * Images that already exist are kept.
	 *
	 * @return the image files in the project, first part first for the split set
	 * @throws CoreException when no handler offers capture for WIM files, or making an image fails
	 */
	public static List<IFile> createSampleImages(IProject project, ImageService service, IProgressMonitor monitor)
			throws CoreException {
		SubMonitor progress = SubMonitor.convert(monitor, "Making the sample images", 6);
		CaptureCapability capture = wimCapture(service).orElseThrow(() -> new CoreException(
				Status.error("no installed image handler captures WIM files; the sample images cannot be made")));
		IFolder folder = project.getFolder(SAMPLE_IMAGES_FOLDER);
		if (!folder.exists()) {
			folder.create(IResource.NONE, true, progress.split(0));
		}
		Path images = folder.getLocation().toPath();
		Path wim = images.resolve("install.wim");
		Path esd = images.resolve("install.esd");
		Path swm = images.resolve("install.swm");
		Path trees = null;
		try {
			trees = Files.createTempDirectory("deployforge-sample-");
			if (!Files.exists(wim)) {
				Path home = sampleTree(trees.resolve("home"), false);
				Path pro = sampleTree(trees.resolve("pro"), true);
				capture.capture(home, wim, new CaptureOptions("Sample Home",
						"Sample edition made by DeployForge from a generated tree", Compression.LZX, false, false),
						progress.split(1));
				capture.capture(pro, wim, new CaptureOptions("Sample Pro",
						"Sample edition made by DeployForge from a generated tree", Compression.LZX, false, true),
						progress.split(1));
				try (Image image = service.open(wim, OpenOptions.DEFAULT)) {
					Optional<ImagePropertiesCapability> properties = image.capability(ImagePropertiesCapability.class);
					if (properties.isPresent()) {
						edition(properties.get(), 1, "Sample Home", "Core");
						edition(properties.get(), 2, "Sample Pro", "Professional");
						properties.get().setBootIndex(1);
						image.commit(progress.split(1));
					}
				}
			}
			progress.setWorkRemaining(3);
			try (Image image = service.open(wim, OpenOptions.READ_ONLY)) {
				Optional<ExportCapability> export = image.capability(ExportCapability.class);
				if (export.isPresent() && !Files.exists(esd)) {
					export.get().export(List.of(), esd, new ExportOptions(Compression.LZMS, true, false),
							progress.split(1));
				}
				Optional<SplitCapability> split = image.capability(SplitCapability.class);
				if (split.isPresent() && !Files.exists(swm)) {
					split.get().split(swm, SAMPLE_PART_BYTES, progress.split(1));
				}
			}
			Files.writeString(images.resolve("README.md"), IMAGES_README, StandardCharsets.UTF_8);
		} catch (ImageException e) {
			throw new CoreException(Status.error("cannot make the sample images: " + e.getMessage(), e));
		} catch (IOException e) {
			throw new CoreException(Status.error("cannot write the sample trees: " + e.getMessage(), e));
		} finally {
			FileTrees.deleteQuietly(trees);
			folder.refreshLocal(IResource.DEPTH_ONE, progress.split(1));
		}
		List<IFile> files = new ArrayList<>();
		for (IResource member : folder.members()) {
			if (member instanceof IFile file && !file.getName().equals("README.md")) {
				files.add(file);
			}
		}
		files.sort(Comparator.comparing(IFile::getName));
		return files;
	}

	private static void edition(ImagePropertiesCapability properties, int index, String name, String edition)
			throws ImageException {
		properties.setProperty(index, "DISPLAYNAME", name);
		properties.setProperty(index, "FLAGS", edition);
		properties.setProperty(index, "WINDOWS/EDITIONID", edition);
	}

	private static final String IMAGES_README = """
			# Sample images

			Made by DeployForge on its first start, from small generated trees (not real Windows files):

			- `install.wim`: two images, "Sample Home" and "Sample Pro" (LZX), boot index 1.
			- `install.esd`: both images exported as a solid LZMS ESD, the way Microsoft ships them.
			- `install.swm`, `install2.swm`, ...: `install.wim` split into parts of 128 KiB.

			Open them with a double-click, or try the command line:
			`deployforge info install.wim`, `deployforge ls install.esd -r --index 2`.
			""";

	/**
	 * Writes a small tree shaped like a Windows installation: text files, binary files of seeded random data (so
	 * compression and split have something to work on) and the folders deployment tools look at.
	 */
	static Path sampleTree(Path root, boolean pro) throws IOException {
		SplittableRandom random = new SplittableRandom(pro ? 2 : 1);
		write(root.resolve("Windows/System32/drivers/etc/hosts"),
				"# Sample hosts file\n127.0.0.1 localhost\n".getBytes(StandardCharsets.UTF_8));
		write(root.resolve("Windows/System32/config/SOFTWARE"), bytes(new SplittableRandom(10), 96 * 1024));
		write(root.resolve("Windows/System32/config/SYSTEM"), bytes(new SplittableRandom(11), 64 * 1024));
		write(root.resolve("Windows/Panther/README.txt"),
				"Answer files placed here as unattend.xml are used by Windows Setup.\n".getBytes(StandardCharsets.UTF_8));
		write(root.resolve("Users/Default/NTUSER.DAT"), bytes(random, 48 * 1024));
		write(root.resolve("Program Files/DeployForge Sample/readme.txt"),
				("Sample " + (pro ? "Pro" : "Home") + " edition\n").repeat(200).getBytes(StandardCharsets.UTF_8));
		Files.createDirectories(root.resolve("Windows/Temp"));
		if (pro) {
			write(root.resolve("Windows/System32/gpedit.msc"), bytes(random, 80 * 1024));
			write(root.resolve("Windows/System32/GroupPolicy/gpt.ini"),
					"[General]\r\ngPCMachineExtensionNames=\r\nVersion=1\r\n".getBytes(StandardCharsets.UTF_8));
		}
		return root;
	}

	private static byte[] bytes(SplittableRandom random, int size) {
		byte[] bytes = new byte[size];
		random.nextBytes(bytes);
		return bytes;
	}

	private static void write(Path file, byte[] bytes) throws IOException {
		Files.createDirectories(file.getParent());
		Files.write(file, bytes);
	}

}
