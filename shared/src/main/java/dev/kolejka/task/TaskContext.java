package dev.kolejka.task;

import java.util.List;
import java.util.concurrent.Callable;

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

	/** A named counter shared by every job in the cluster. */
	interface Counter {

		void add(long delta);

	}

}
