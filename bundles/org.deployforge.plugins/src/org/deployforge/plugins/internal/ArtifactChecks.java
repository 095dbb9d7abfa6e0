package org.deployforge.plugins.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.CodeSigner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.eclipse.equinox.p2.metadata.IArtifactKey;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.repository.artifact.IArtifactDescriptor;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepository;
import org.eclipse.equinox.p2.repository.artifact.IFileArtifactRepository;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Checks the artifacts an install would copy before p2 copies anything: the SHA-256 checksum the repository publishes
 * for each artifact ({@code download.checksum.sha-256}, written by Tycho's {@code eclipse-repository}) against the file,
 * and the jar signature ({@link JarFile} verification: every entry's digest must match its signature file).
 * <p>
 * p2 checks again while it copies (its {@code ChecksumVerifier}) and asks {@link TrustPolicy} about unsigned and
 * untrusted content in its CheckTrust phase; this pre-flight exists so the refusal names each artifact and its reason,
 * and nothing is written before.
 */
final class ArtifactChecks {

	static final String SHA_256 = "download.checksum.sha-256";

	/** What the checks found. */
	static final class Findings {
		final List<String> refusals = new ArrayList<>();
		final List<String> unsigned = new ArrayList<>();
		final List<String> notes = new ArrayList<>();
		int checked;
	}

	private ArtifactChecks() {
	}

	static Findings check(Iterable<IInstallableUnit> additions, IArtifactRepository repository) {
		Findings findings = new Findings();
		for (IInstallableUnit unit : additions) {
			for (IArtifactKey key : unit.getArtifacts()) {
				IArtifactDescriptor descriptor = canonical(repository.getArtifactDescriptors(key));
				String name = key.getId() + " " + key.getVersion();
				if (descriptor == null) {
					findings.notes.add(name + ": not in " + repository.getLocation() + "; p2 fetches it elsewhere");
					continue;
				}
				File file = repository instanceof IFileArtifactRepository files ? files.getArtifactFile(descriptor)
						: null;
				if (file == null || !file.isFile()) {
					findings.notes.add(name + ": not a local file; p2 checks its checksum while downloading");
					continue;
				}
				findings.checked++;
				String expected = descriptor.getProperty(SHA_256);
				if (expected == null) {
					findings.refusals.add(name + " (" + file.getName() + "): the repository publishes no SHA-256 checksum"
							+ " for it, so it cannot be checked");
					continue;
				}
				String actual;
				try {
					actual = sha256(file);
				} catch (IOException e) {
					findings.refusals.add(name + " (" + file + "): cannot be read: " + e.getMessage());
					continue;
				}
				if (!actual.equalsIgnoreCase(expected)) {
					findings.refusals.add(name + " (" + file.getName() + "): its SHA-256 is " + actual
							+ " but the repository says " + expected
							+ ": the file was changed after the repository was published (tampered or damaged)");
					continue;
				}
				if (file.getName().endsWith(".jar")) {
					String signature = signature(file);
					if (signature == null) {
						findings.unsigned.add(name + " (" + file.getName() + ")");
					} else if (signature.startsWith("!")) {
						findings.refusals.add(name + " (" + file.getName() + "): " + signature.substring(1));
					} else {
						findings.notes.add(name + ": signed by " + signature);
					}
				}
			}
		}
		return findings;
	}

	private static @Nullable IArtifactDescriptor canonical(IArtifactDescriptor[] descriptors) {
		for (IArtifactDescriptor descriptor : descriptors) {
			if (descriptor.getProperty(IArtifactDescriptor.FORMAT) == null) {
				return descriptor;
			}
		}
		return descriptors.length > 0 ? descriptors[0] : null;
	}

	static String sha256(File file) throws IOException {
		try (InputStream in = Files.newInputStream(file.toPath())) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[64 * 1024];
			for (int read; (read = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IOException("SHA-256 is not available in this JVM", e);
		}
	}

	/**
	 * Verifies a jar's signature with {@link JarFile} (reading every entry checks its digest).
	 *
	 * @return null when unsigned; the signers' subjects when every entry is signed and verifies; a reason prefixed
	 *         with {@code !} when the signature is broken or covers only part of the jar
	 */
	static @Nullable String signature(File file) {
		Set<String> signers = new TreeSet<>();
		boolean unsignedEntry = false;
		try (JarFile jar = new JarFile(file, true)) {
			Enumeration<JarEntry> entries = jar.entries();
			while (entries.hasMoreElements()) {
				JarEntry entry = entries.nextElement();
				try (InputStream in = jar.getInputStream(entry)) {
					in.transferTo(OutputStream.nullOutputStream());
				}
				String upper = entry.getName().toUpperCase(Locale.ROOT);
				if (entry.isDirectory() || (upper.startsWith("META-INF/") && upper.indexOf('/', 9) < 0)) {
					continue;
				}
				CodeSigner[] codeSigners = entry.getCodeSigners();
				if (codeSigners == null || codeSigners.length == 0) {
					unsignedEntry = true;
					continue;
				}
				for (CodeSigner signer : codeSigners) {
					List<? extends Certificate> chain = signer.getSignerCertPath().getCertificates();
					if (!chain.isEmpty() && chain.get(0) instanceof X509Certificate x509) {
						signers.add(x509.getSubjectX500Principal().getName());
					}
				}
			}
		} catch (SecurityException e) {
			return "!its jar signature does not verify (" + e.getMessage() + "): the jar was changed after signing";
		} catch (IOException e) {
			return "!it is not a readable jar: " + e.getMessage();
		}
		if (signers.isEmpty()) {
			return null;
		}
		if (unsignedEntry) {
			return "!some of its entries are not covered by its signature (entries added after signing)";
		}
		return String.join("; ", signers);
	}
}
