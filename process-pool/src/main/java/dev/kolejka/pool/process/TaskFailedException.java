package dev.kolejka.pool.process;

import dev.kolejka.job.JobError;

/**
 * A task submitted through the library API did not return: it threw in its child
 * ({@code EXCEPTION}), its child died ({@code WORKER_LOST}), it ran past its timeout
 * ({@code TIMEOUT}) or it was cancelled ({@code CANCELLED}).
 */
public final class TaskFailedException extends RuntimeException {

	private final JobError error;

	TaskFailedException(JobError error) {
		super(error.type() + ": " + error.message());
		this.error = error;
	}

	public JobError error() {
		return this.error;
	}

}
