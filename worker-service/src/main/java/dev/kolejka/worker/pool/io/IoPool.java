package dev.kolejka.worker.pool.io;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.task.Pool;
import dev.kolejka.worker.pool.ThreadPool;

/**
 * The {@code io} pool: a virtual thread per job ({@code kolejka-io-N}); a
 * {@link Semaphore} bounds how many run at once (the course's semaphore as a resource
 * pool). A job waiting for a permit parks its own virtual thread, never the consumer.
 */
public final class IoPool implements ThreadPool {

	private final ExecutorService threads = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("kolejka-io-", 1).factory());

	private final Semaphore permits;

	private final int size;

	private final AtomicInteger waiting = new AtomicInteger();

	public IoPool(int permits) {
		this.size = permits;
		this.permits = new Semaphore(permits);
	}

	@Override
	public Pool kind() {
		return Pool.IO;
	}

	@Override
	public void execute(Runnable job) {
		this.waiting.incrementAndGet();
		this.threads.execute(() -> {
			try {
				this.permits.acquire();
			}
			catch (InterruptedException ex) {
				this.waiting.decrementAndGet();
				Thread.currentThread().interrupt();
				return;
			}
			this.waiting.decrementAndGet();
			try {
				job.run();
			}
			finally {
				this.permits.release();
			}
		});
	}

	@Override
	public int size() {
		return this.size;
	}

	@Override
	public int active() {
		return this.size - this.permits.availablePermits();
	}

	@Override
	public int queued() {
		return this.waiting.get();
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
		try {
			this.threads.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
