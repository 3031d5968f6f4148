package dev.kolejka.worker.pool;

import dev.kolejka.task.Pool;

/**
 * Where a worker runs jobs of one {@link Pool}, as its gauges see it. Owns its threads or
 * processes: closing it leaves none behind.
 */
public interface ExecutionPool extends AutoCloseable {

	Pool kind();

	/** Threads, children or permits: how many jobs can run at once. */
	int size();

	int active();

	int queued();

	@Override
	void close();

}
