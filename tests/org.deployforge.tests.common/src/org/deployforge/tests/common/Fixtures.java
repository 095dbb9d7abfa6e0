package org.deployforge.tests.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Assumptions;

/**
 * The shared test inputs in {@code ../shared/fixtures} (made by others with real tools). Tests find the folder through
 * the system property {@code deployforge.fixtures} (set by the parent pom), else {@code ../shared/fixtures} beside the
 * repository; where it is absent they are skipped with a visible reason, so a fresh clone elsewhere still passes.
 * Fixtures are never changed in place: {@link #copy(String, Path)} a file before a test changes it.
 */
public final class Fixtures {

	private Fixtures() {
	}

	/** @return the fixtures folder, which may not exist */
	public static Path folder() {
		String property = System.getProperty("deployforge.fixtures");
		if (property != null && !property.isBlank()) {
			return Path.of(property).toAbsolutePath().normalize();
		}
		return repositoryRoot().resolve("../shared/fixtures").toAbsolutePath().normalize();
	}

	/** @return the repository root (system property {@code deployforge.repoRoot}, else the working folder's ancestors) */
	public static Path repositoryRoot() {
		String property = System.getProperty("deployforge.repoRoot");
		if (property != null && !property.isBlank()) {
			return Path.of(property);
		}
		Path folder = Path.of("").toAbsolutePath();
		for (Path candidate = folder; candidate != null; candidate = candidate.getParent()) {
			if (Files.isDirectory(candidate.resolve("bundles")) && Files.exists(candidate.resolve("pom.xml"))) {
				return candidate;
			}
		}
		return folder;
	}

	/**
	 * @param relative a path below the fixtures folder, e.g. {@code wim/MultiImage.wim}
	 * @return the fixture; the calling test is skipped (with the reason) when it is absent
	 */
	public static Path require(String relative) {
		Path fixture = folder().resolve(relative);
		Assumptions.assumeTrue(Files.isRegularFile(fixture), () -> "skipped: fixture " + relative + " not found under "
				+ folder() + " (set -Ddeployforge.fixtures=DIR to the shared fixtures folder)");
		return fixture;
	}

	/** @return whether the fixtures folder is present */
	public static boolean present() {
		return Files.isDirectory(folder());
	}

	/**
	 * Copies a fixture into a folder (so a test may change it) and makes the copy writable.
	 *
	 * @return the copy
	 */
	public static Path copy(String relative, Path folder) throws IOException {
		Path source = require(relative);
		Path target = folder.resolve(source.getFileName().toString());
		Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
		target.toFile().setWritable(true);
		return target;
	}
}
