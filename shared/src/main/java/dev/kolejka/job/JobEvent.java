package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A change of one job's state, as published on {@code job-events}. Every event names its
 * task and attempt so the status view can build a job from any of them, whatever order
 * they arrive in.
 */
public sealed interface JobEvent {

	JobId id();

	String task();

	int attempt();

	Instant at();

	/**
	 * Accepted by the API (attempt 1) or put back for a retry (attempt > 1, with
	 * {@code nextAttemptAt}).
	 */
	record Queued(JobId id, String task, int attempt, Instant at, JobOptions options, @Nullable BatchRef batch,
			@Nullable Instant nextAttemptAt, @Nullable JobError lastError) implements JobEvent {
		public Queued {
			requireNonNull(id, "id");
			requireNonNull(task, "task");
			requireNonNull(at, "at");
			requireNonNull(options, "options");
		}
	}

	/**
	 * What the job was submitted with, carried by a worker's events too: they can reach
	 * the status view before the API's {@code Queued} event, and the view must still show
	 * the job whole.
	 */
	record Submission(JobOptions options, Instant submittedAt, @Nullable BatchRef batch) {
		public Submission {
			requireNonNull(options, "options");
			requireNonNull(submittedAt, "submittedAt");
		}

		public static Submission of(JobSubmission job) {
			return new Submission(job.options(), job.submittedAt(), job.batch());
		}
	}

	record Running(JobId id, String task, int attempt, Instant at, Execution execution,
			Submission submission) implements JobEvent {
		public Running {
			requireNonNull(id, "id");
			requireNonNull(task, "task");
			requireNonNull(at, "at");
			requireNonNull(execution, "execution");
		}
	}

	/**
	 * The result travels as JSON text so the API serves it without knowing the task's
	 * result type.
	 */
	record Succeeded(JobId id, String task, int attempt, Instant startedAt, Instant at, Execution execution,
			String resultJson, Map<String, Long> counterDeltas, Submission submission) implements JobEvent {
		public Succeeded {
			requireNonNull(id, "id");
			requireNonNull(task, "task");
			requireNonNull(at, "at");
			requireNonNull(execution, "execution");
			requireNonNull(resultJson, "resultJson");
			counterDeltas = Checked.map(counterDeltas, String.class, Long.class);
		}
	}

	record Failed(JobId id, String task, int attempt, @Nullable Instant startedAt, Instant at,
			@Nullable Execution execution, JobError error, @Nullable Submission submission) implements JobEvent {
		public Failed {
			requireNonNull(id, "id");
			requireNonNull(task, "task");
			requireNonNull(at, "at");
			requireNonNull(error, "error");
		}
	}

	record Cancelled(JobId id, String task, int attempt, Instant at,
			@Nullable Execution execution) implements JobEvent {
		public Cancelled {
			requireNonNull(id, "id");
			requireNonNull(task, "task");
			requireNonNull(at, "at");
		}
	}

}
