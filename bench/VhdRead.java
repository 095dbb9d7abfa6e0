import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.deployforge.handler.vhd.VirtualDisk;

/** Reads every byte of a virtual disk through DeployForge's block view; prints seconds and, with --sha, SHA-256. */
public class VhdRead {
	public static void main(String[] args) throws Exception {
		boolean sha = args.length > 1 && args[1].equals("--sha");
		long start = System.nanoTime();
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		long total = 0;
		try (VirtualDisk disk = VirtualDisk.open(Path.of(args[0])); InputStream in = disk.openStream()) {
			byte[] buffer = new byte[4 << 20];
			for (int n; (n = in.read(buffer)) > 0;) {
				total += n;
				if (sha) {
					digest.update(buffer, 0, n);
				}
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("%s %d bytes %.3f s%s%n", args[0], total, seconds, sha ? " sha256 " + HexFormat.of()
				.formatHex(digest.digest()) : "");
	}
}
