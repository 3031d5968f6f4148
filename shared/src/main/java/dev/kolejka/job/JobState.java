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
			case QUEUED -> next != QUEUED;
			case RUNNING -> true; // a retry re-queues
			case SUCCEEDED, FAILED, CANCELLED -> false; // sticky: no late or duplicate
														// event reopens a job
		};
	}

}
