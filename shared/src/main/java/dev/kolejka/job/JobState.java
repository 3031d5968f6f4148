package dev.kolejka.job;

/**
 * A job's life: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}; a failed
 * attempt with attempts left goes back to {@code QUEUED}. The transition table lives here
 * and nowhere else.
 */
public enum JobState {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	public boolean canMoveTo(JobState next) {
		return switch (this) {
			// a retry re-queues; after a fast failure whose Running event was never sent
			// it comes straight from QUEUED
			case QUEUED, RUNNING -> true;
			// sticky: no late or duplicate event reopens a job
			case SUCCEEDED, FAILED, CANCELLED -> false;
		};
	}

}
