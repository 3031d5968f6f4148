package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import dev.kolejka.job.JobEvent.Cancelled;
import dev.kolejka.job.JobEvent.Failed;
import dev.kolejka.job.JobEvent.Queued;
import dev.kolejka.job.JobEvent.Running;
import dev.kolejka.job.JobEvent.Succeeded;
import org.jspecify.annotations.Nullable;

/**
 * A job as the status view knows it: the fold of its events.
 *
 * <p>
 * Events reach the view at least once and, across topics and retries, not always in
 * order. {@link #apply} is therefore idempotent and order-tolerant: a terminal state is
 * never left, a {@code Running} event of an older attempt never overrides a newer one
 * (its terminal event still ends the job), and the submission's metadata (task, options,
 * batch, submit time) is filled in whenever the {@code Queued} event arrives, even after
 * the job has finished.
 */
public record Job(JobId id, String task, JobState state, int attempts, @Nullable JobOptions options,
		@Nullable String resultJson, @Nullable JobError error, @Nullable Instant submittedAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable Instant nextAttemptAt,
		@Nullable Execution execution, @Nullable BatchRef batch) {

	public Job {
		requireNonNull(id, "id");
		requireNonNull(task, "task");
		requireNonNull(state, "state");
	}

	/** The job as first seen through any of its events. */
	public static Job from(JobEvent event) {
		var blank = new Job(event.id(), event.task(), JobState.QUEUED, 0, null, null, null, null, null, null, null,
				null, null);
		return blank.apply(event);
	}

	public Job apply(JobEvent event) {
		return switch (event) {
			case Queued queued -> queue(queued);
			case Running running -> start(running).fill(running.submission());
			case Succeeded succeeded -> succeed(succeeded).fill(succeeded.submission());
			case Failed failed -> fail(failed).fill(failed.submission());
			case Cancelled cancelled -> cancel(cancelled);
		};
	}

	/**
	 * Fills in the submission's metadata where this job does not know it yet; never
	 * changes the state.
	 */
	private Job fill(JobEvent.@Nullable Submission submission) {
		if (submission == null || (this.options != null && this.submittedAt != null
				&& (this.batch != null || submission.batch() == null))) {
			return this;
		}
		return new Job(this.id, this.task, this.state, this.attempts,
				(this.options != null) ? this.options : submission.options(), this.resultJson, this.error,
				(this.submittedAt != null) ? this.submittedAt : submission.submittedAt(), this.startedAt,
				this.finishedAt, this.nextAttemptAt, this.execution,
				(this.batch != null) ? this.batch : submission.batch());
	}

	public Job withBatch(BatchRef ref, JobOptions opts, Instant at) {
		return new Job(this.id, this.task, this.state, this.attempts, (this.options != null) ? this.options : opts,
				this.resultJson, this.error, (this.submittedAt != null) ? this.submittedAt : at, this.startedAt,
				this.finishedAt, this.nextAttemptAt, this.execution, ref);
	}

	private Job queue(Queued queued) {
		JobOptions opts = (this.options != null) ? this.options : queued.options();
		BatchRef ref = (this.batch != null) ? this.batch : queued.batch();
		Instant submitted = (queued.attempt() == 1 && this.submittedAt == null) ? queued.at() : this.submittedAt;
		// a retry may follow a Running event that was never sent (the job failed fast),
		// so QUEUED counts too
		boolean retry = queued.attempt() > this.attempts && this.state.canMoveTo(JobState.QUEUED);
		if (!retry) {
			return new Job(this.id, this.task, this.state, this.attempts, opts, this.resultJson, this.error, submitted,
					this.startedAt, this.finishedAt, this.nextAttemptAt, this.execution, ref);
		}
		return new Job(this.id, this.task, JobState.QUEUED, queued.attempt(), opts, null, queued.lastError(), submitted,
				this.startedAt, null, queued.nextAttemptAt(), this.execution, ref);
	}

	private Job start(Running running) {
		if (isStale(running) || !this.state.canMoveTo(JobState.RUNNING)) {
			return this;
		}
		return new Job(this.id, this.task, JobState.RUNNING, running.attempt(), this.options, null, null,
				this.submittedAt, running.at(), null, null, running.execution(), this.batch);
	}

	/**
	 * Unlike {@code Running}, a terminal event counts even from an attempt older than the
	 * one the job shows: a keyed job retried in place starts over from attempt 1 when its
	 * worker crashed, and its outcome must still end the job.
	 */
	private Job succeed(Succeeded succeeded) {
		if (!this.state.canMoveTo(JobState.SUCCEEDED)) {
			return this;
		}
		return new Job(this.id, this.task, JobState.SUCCEEDED, succeeded.attempt(), this.options,
				succeeded.resultJson(), null, this.submittedAt, succeeded.startedAt(), succeeded.at(), null,
				succeeded.execution(), this.batch);
	}

	private Job fail(Failed failed) {
		if (!this.state.canMoveTo(JobState.FAILED)) {
			return this;
		}
		return new Job(this.id, this.task, JobState.FAILED, failed.attempt(), this.options, null, failed.error(),
				this.submittedAt, (failed.startedAt() != null) ? failed.startedAt() : this.startedAt, failed.at(), null,
				(failed.execution() != null) ? failed.execution() : this.execution, this.batch);
	}

	private Job cancel(Cancelled cancelled) {
		if (!this.state.canMoveTo(JobState.CANCELLED)) {
			return this;
		}
		return new Job(this.id, this.task, JobState.CANCELLED, Math.max(this.attempts, cancelled.attempt()),
				this.options, null, new JobError(ErrorType.CANCELLED, "cancelled", null), this.submittedAt,
				this.startedAt, cancelled.at(), null,
				(cancelled.execution() != null) ? cancelled.execution() : this.execution, this.batch);
	}

	private boolean isStale(JobEvent event) {
		return event.attempt() < this.attempts;
	}

}
