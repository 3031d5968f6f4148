package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import dev.kolejka.task.Pool;

/**
 * Where and how an attempt ran: the worker, the pool, the OS process (a
 * {@code process}-pool job reports its child's pid), the thread, and how long the job
 * waited in the queue and ran.
 */
public record Execution(String workerId, Pool pool, long pid, String thread, int attempt, long queueWaitMs,
		long runMs) {

	public Execution {
		requireNonNull(workerId, "workerId");
		requireNonNull(pool, "pool");
		requireNonNull(thread, "thread");
	}

}
