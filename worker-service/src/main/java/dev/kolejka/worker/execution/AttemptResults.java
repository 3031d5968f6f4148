package dev.kolejka.worker.execution;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;

import dev.kolejka.job.Execution;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.worker.config.WorkerProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the end of an attempt, on a thread of this worker or in a child process, into its
 * outcome: the result as JSON within {@code kolejka.worker.max-result-size}, the metrics,
 * and the report through the {@link OutcomeReporter}.
 */
@Component
class AttemptResults {

	private final OutcomeReporter outcomes;

	private final AttemptMetrics metrics;

	private final WorkerIdentity worker;

	private final JsonMapper json;

	private final long maxResultBytes;

	private final Clock clock;

	AttemptResults(OutcomeReporter outcomes, AttemptMetrics metrics, WorkerIdentity worker, JsonMapper json,
			WorkerProperties properties, Clock clock) {
		this.outcomes = outcomes;
		this.metrics = metrics;
		this.worker = worker;
		this.json = json;
		this.maxResultBytes = properties.maxResultSize().toBytes();
		this.clock = clock;
	}

	void succeeded(Attempt attempt, long pid, String thread, @Nullable Object result, Map<String, Long> counters,
			long runMs, AttemptCallbacks callbacks) {
		JobSubmission job = attempt.job();
		String resultJson;
		try {
			resultJson = this.json.writeValueAsString(result);
		}
		catch (JacksonException ex) {
			failed(attempt, pid, thread, JobError.of(ex), runMs, callbacks);
			return;
		}
		if (resultJson.length() > this.maxResultBytes) {
			failed(attempt, pid, thread,
					JobError.invalid("The result is " + resultJson.length()
							+ " bytes of JSON, over kolejka.worker.max-result-size (" + this.maxResultBytes + ")"),
					runMs, callbacks);
			return;
		}
		this.metrics.completed(attempt, "succeeded", runMs);
		this.outcomes.succeeded(
				new JobEvent.Succeeded(job.id(), job.taskName(), job.attempt(), attempt.started(), this.clock.instant(),
						execution(attempt, pid, thread, runMs), resultJson, counters, JobEvent.Submission.of(job)),
				callbacks.settled());
	}

	void failed(Attempt attempt, long pid, String thread, JobError error, long runMs, AttemptCallbacks callbacks) {
		this.metrics.completed(attempt, error.type().name().toLowerCase(Locale.ROOT), runMs);
		this.outcomes.failed(attempt.job(), attempt.started(), execution(attempt, pid, thread, runMs), error,
				callbacks);
	}

	void cancelled(Attempt attempt, long pid, String thread, long runMs, AttemptCallbacks callbacks) {
		this.metrics.completed(attempt, "cancelled", runMs);
		this.outcomes.cancelled(attempt.job(), execution(attempt, pid, thread, runMs), callbacks.settled());
	}

	/** A job that never started here, refused before its task ran. */
	void refused(JobSubmission job, JobError error, AttemptCallbacks callbacks) {
		this.outcomes.failed(job, null, null, error, callbacks);
	}

	/** A job that was cancelled before it started here. */
	void cancelledBeforeStart(JobSubmission job, AttemptCallbacks callbacks) {
		this.outcomes.cancelled(job, null, callbacks.settled());
	}

	Execution execution(Attempt attempt, long pid, String thread, long runMs) {
		return new Execution(this.worker.id(), attempt.pool(), pid, thread, attempt.job().attempt(),
				attempt.queueWaitMs(), runMs);
	}

	long pid() {
		return this.worker.pid();
	}

	String workerId() {
		return this.worker.id();
	}

}
