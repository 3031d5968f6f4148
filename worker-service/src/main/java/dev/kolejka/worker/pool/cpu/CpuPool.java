package dev.kolejka.worker.pool.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.task.Pool;
import dev.kolejka.worker.pool.ThreadPool;

/**
 * The {@code cpu} pool: one thread per processor the worker may use
 * ({@code kolejka-cpu-N}). A fork-join pool, so a job that forks sub-work into it
 * ({@link #invokeAll}) helps run that work instead of blocking a thread: forking from
 * inside the pool never deadlocks it.
 */
public final class CpuPool implements ThreadPool {

	private final ForkJoinPool pool;

	private final int threads;

	public CpuPool(int threads) {
		this.threads = (threads > 0) ? threads : Runtime.getRuntime().availableProcessors();
		var names = new AtomicInteger();
		this.pool = new ForkJoinPool(this.threads, (forkJoinPool) -> {
			ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(forkJoinPool);
			thread.setName("kolejka-cpu-" + names.incrementAndGet());
			return thread;
		}, null, false);
	}

	@Override
	public Pool kind() {
		return Pool.CPU;
	}

	@Override
	public void execute(Runnable job) {
		this.pool.execute(job);
	}

	/** Runs the work on this pool; the future ends with its result or its exception. */
	public <T> CompletableFuture<T> offload(Callable<T> work) {
		var future = new CompletableFuture<T>();
		this.pool.execute(() -> {
			try {
				future.complete(work.call());
			}
			catch (Throwable ex) {
				future.completeExceptionally(ex);
			}
		});
		return future;
	}

	/** Runs the parts in parallel on this pool and returns their results in order. */
	public <T> List<T> invokeAll(List<? extends Callable<T>> parts) throws Exception {
		var tasks = new ArrayList<ForkJoinTask<T>>(parts.size());
		for (Callable<T> part : parts) {
			tasks.add(ForkJoinTask.adapt(part));
		}
		if (Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == this.pool) {
			ForkJoinTask.invokeAll(tasks);
		}
		else {
			tasks.forEach(this.pool::execute);
		}
		var results = new ArrayList<T>(tasks.size());
		for (ForkJoinTask<T> task : tasks) {
			results.add(task.get());
		}
		return results;
	}

	@Override
	public int size() {
		return this.threads;
	}

	@Override
	public int active() {
		return this.pool.getActiveThreadCount();
	}

	@Override
	public int queued() {
		return (int) Math.min(Integer.MAX_VALUE, this.pool.getQueuedSubmissionCount() + this.pool.getQueuedTaskCount());
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
		try {
			this.pool.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
