package dev.kolejka.task;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import dev.kolejka.job.JobId;

/** What a running task may ask of the worker running it. */
public interface TaskContext {

	JobId jobId();

	int attempt();

	/**
	 * A shared counter; its deltas count only if this attempt succeeds, and then exactly
	 * once.
	 */
	Counter counter(String name);

	/**
	 * Runs the parts in parallel on the worker's CPU pool and returns their results in
	 * order. The calling thread helps instead of blocking, so forking from a CPU-pool job
	 * never deadlocks the pool.
	 */
	<T> List<T> parallel(List<? extends Callable<T>> parts) throws Exception;

	/**
	 * Runs CPU work on the worker's CPU pool and returns at once (asyncio's
	 * {@code run_in_executor}): an {@code io} task keeps its virtual thread for waiting
	 * and hands the computing to threads sized to the cores.
	 */
	<T> CompletableFuture<T> offload(Callable<T> work);

	/** A named counter shared by every job in the cluster. */
	interface Counter {

		void add(long delta);

	}

}
