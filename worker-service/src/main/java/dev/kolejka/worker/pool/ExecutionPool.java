package dev.kolejka.worker.pool;

import dev.kolejka.task.Pool;

/**
 * Where a worker runs jobs of one {@link Pool}. Owns its threads: closing it leaves none
 * behind.
 */
public interface ExecutionPool extends AutoCloseable {

	Pool kind();

	/** Starts the job; never blocks the caller (the consumer's poll thread). */
	void execute(Runnable job);

	/** Threads, children or permits: how many jobs can run at once. */
	int size();

	int active();

	int queued();

	@Override
	void close();

}
