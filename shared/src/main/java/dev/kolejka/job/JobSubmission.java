package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import dev.kolejka.task.Task;
import org.jspecify.annotations.Nullable;

/**
 * One job as it travels on the {@code jobs} topic: the task object itself plus its
 * identity and options.
 */
public record JobSubmission(JobId id, String taskName, Task<?> task, JobOptions options, Instant submittedAt,
		int attempt, @Nullable BatchRef batch) {

	public JobSubmission {
		requireNonNull(id, "id");
		requireNonNull(taskName, "taskName");
		requireNonNull(task, "task");
		requireNonNull(options, "options");
		requireNonNull(submittedAt, "submittedAt");
	}

	/** The same job, for its next attempt. */
	public JobSubmission nextAttempt() {
		return new JobSubmission(this.id, this.taskName, this.task, this.options, this.submittedAt, this.attempt + 1,
				this.batch);
	}

	/** Whether a failure of this attempt may be retried. */
	public boolean hasAttemptsLeft() {
		return this.attempt < this.options.maxAttempts();
	}

}
