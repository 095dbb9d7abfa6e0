package org.deployforge.handler.wim.tests;

import java.nio.file.Path;

import org.deployforge.core.Image;
import org.deployforge.core.OpenOptions;
import org.deployforge.handler.wim.internal.WimHandler;
import org.eclipse.core.runtime.NullProgressMonitor;

/**
 * Run in a separate JVM by {@link KillDuringCommitTest}: stages adding {@code args[1]} to the WIM {@code args[0]} and
 * commits, printing {@code WRITING} once wimlib reports bytes written, so the test can kill it mid-write.
 */
public final class CommitChild {

	private CommitChild() {
	}

	public static void main(String[] args) throws Exception {
		try (Image image = new WimHandler().open(Path.of(args[0]), OpenOptions.DEFAULT)) {
			image.tree(1).add(Path.of(args[1]), "/payload.bin");
			image.commit(new NullProgressMonitor() {
				private boolean told;

				@Override
				public void worked(int work) {
					if (!told) {
						told = true;
						System.out.println("WRITING");
						System.out.flush();
					}
				}
			});
		}
		System.out.println("DONE");
		System.exit(0);
	}
}
