package dev.kolejka.api.job;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.kolejka.api.security.Owners;
import dev.kolejka.job.Execution;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobState;
import org.jspecify.annotations.Nullable;

/** The job JSON of SPEC §4. */
public record JobView(String id, String task, JobState state, int attempts, OptionsView options,
		@JsonRawValue @Nullable String result, @Nullable JobError error, @Nullable Instant submittedAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable Instant nextAttemptAt,
		@Nullable ExecutionView execution) {

	/** The job as any caller but {@code admin} sees it: no stack traces. */
	public static JobView of(Job job) {
		return of(job, false);
	}

	/**
	 * The job; an error's {@code detail} (a stack trace, which names classes and may
	 * carry internals) only for {@code admin}.
	 */
	public static JobView of(Job job, boolean admin) {
		JobOptions options = (job.options() != null) ? job.options() : JobOptions.DEFAULTS;
		JobError error = job.error();
		JobError shown = (error != null && !admin && error.detail() != null)
				? new JobError(error.type(), error.message(), null) : error;
		return new JobView(job.id().toString(), job.task(), job.state(), job.attempts(), OptionsView.of(options),
				job.resultJson(), shown, job.submittedAt(), job.startedAt(), job.finishedAt(), job.nextAttemptAt(),
				(job.execution() != null) ? ExecutionView.of(job.execution()) : null);
	}

	/** Options with durations as ISO-8601 text, as they were submitted. */
	public record OptionsView(@Nullable String pool, int maxAttempts, String backoff, @Nullable String timeout,
			@Nullable String key) {

		static OptionsView of(JobOptions options) {
			return new OptionsView((options.pool() != null) ? options.pool().id() : null, options.maxAttempts(),
					options.backoff().toString(), (options.timeout() != null) ? options.timeout().toString() : null,
					Owners.shownKey(options));
		}

	}

	public record ExecutionView(String workerId, String pool, long pid, String thread, int attempt, long queueWaitMs,
			long runMs) {

		static ExecutionView of(Execution execution) {
			return new ExecutionView(execution.workerId(), execution.pool().id(), execution.pid(), execution.thread(),
					execution.attempt(), execution.queueWaitMs(), execution.runMs());
		}

	}

}
