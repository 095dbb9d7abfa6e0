package org.deployforge.wimlib.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The one thread every wimlib call for one WIM runs on (wimlib is not thread-safe per {@code WIMStruct}). Calls made
 * from that thread itself (a visitor calling back into the image) run inline instead of deadlocking.
 */
public final class WimThread implements AutoCloseable {

	/** Work that may throw an {@link ImageException}. */
	@FunctionalInterface
	public interface Call<T> {
		T call() throws ImageException;
	}

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private final ExecutorService executor;
	private volatile @Nullable Thread thread;

	public WimThread(String name) {
		executor = Executors.newSingleThreadExecutor(runnable -> {
			Thread created = new Thread(runnable, "wimlib-" + COUNTER.incrementAndGet() + " " + name);
			created.setDaemon(true);
			thread = created;
			return created;
		});
	}

	/** Runs {@code work} on this thread and waits for it; exceptions are re-thrown on the caller's thread. */
	public <T> T call(Call<T> work) throws ImageException {
		if (Thread.currentThread() == thread) {
			return work.call();
		}
		Future<T> future = executor.submit(() -> work.call());
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return future.get();
				} catch (InterruptedException e) {
					interrupted = true; // native work cannot be interrupted; wait for it, then restore the flag
				}
			}
		} catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof ImageException image) {
				throw image;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		} finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Runs {@code work} on this thread and waits for it. */
	public void run(Call<?> work) throws ImageException {
		call(work);
	}

	/** Stops the thread once queued work is done. */
	@Override
	public void close() {
		executor.shutdown();
	}
}
