package dev.kolejka.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.kolejka.task.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobTests {

	private static final JobId ID = new JobId(UUID.fromString("0192f1c2-7a4e-7c01-9a8b-3f2e1d0c4b5a"));

	private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

	private static final Execution EXECUTION = new Execution("worker-1", Pool.CPU, 7, "kolejka-cpu-1", 1, 2, 3);

	private final JobEvent.Queued queued = new JobEvent.Queued(ID, "noop", 1, T0, JobOptions.DEFAULTS, null, null,
			null);

	private static final JobEvent.Submission SUBMISSION = new JobEvent.Submission(JobOptions.DEFAULTS, T0, null);

	private final JobEvent.Running running = new JobEvent.Running(ID, "noop", 1, T0.plusMillis(1), EXECUTION,
			SUBMISSION);

	private final JobEvent.Succeeded succeeded = new JobEvent.Succeeded(ID, "noop", 1, T0.plusMillis(1),
			T0.plusMillis(2), EXECUTION, "null", Map.of(), SUBMISSION);

	@Test
	void queuedThenRunningThenSucceeded() {
		var job = Job.from(this.queued).apply(this.running).apply(this.succeeded);

		assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
		assertThat(job.submittedAt()).isEqualTo(T0);
		assertThat(job.finishedAt()).isEqualTo(T0.plusMillis(2));
		assertThat(job.execution()).isEqualTo(EXECUTION);
	}

	@Test
	void lateRunningEventNeverReopensSucceededJob() {
		var job = Job.from(this.queued).apply(this.succeeded);

		var after = job.apply(this.running);

		assertThat(after).isEqualTo(job);
	}

	@Test
	void queuedEventArrivingAfterTheResultFillsInMetadataButKeepsTheState() {
		var job = Job.from(this.succeeded);

		var after = job.apply(this.queued);

		assertThat(after.state()).isEqualTo(JobState.SUCCEEDED);
		assertThat(after.options()).isEqualTo(JobOptions.DEFAULTS);
		assertThat(after.submittedAt()).isEqualTo(T0);
	}

	@Test
	void aResultThatOvertakesTheQueuedEventStillShowsTheSubmission() {
		var job = Job.from(this.succeeded);

		assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
		assertThat(job.submittedAt()).isEqualTo(T0);
		assertThat(job.options()).isEqualTo(JobOptions.DEFAULTS);
		assertThat(job.apply(this.queued)).isEqualTo(job);
	}

	@Test
	void duplicateTerminalEventsChangeNothing() {
		var job = Job.from(this.queued).apply(this.succeeded);
		var failed = new JobEvent.Failed(ID, "noop", 1, null, T0.plusMillis(9), null, JobError.invalid("late"), null);

		assertThat(job.apply(this.succeeded).apply(failed)).isEqualTo(job);
	}

	@Test
	void aRetryRequeuesARunningJobAndOldAttemptsAreIgnored() {
		var retry = new JobEvent.Queued(ID, "noop", 2, T0.plusMillis(5), JobOptions.DEFAULTS, null, T0.plusSeconds(1),
				JobError.invalid("boom"));

		var job = Job.from(this.queued).apply(this.running).apply(retry).apply(this.running);

		assertThat(job.state()).isEqualTo(JobState.QUEUED);
		assertThat(job.attempts()).isEqualTo(2);
		assertThat(job.nextAttemptAt()).isEqualTo(T0.plusSeconds(1));
	}

	@Test
	void aRetryOfAJobThatFailedBeforeItsRunningEventWasSentIsShownWithItsBackoff() {
		var retry = new JobEvent.Queued(ID, "noop", 2, T0.plusMillis(5), JobOptions.DEFAULTS, null, T0.plusSeconds(1),
				JobError.invalid("boom"));

		var job = Job.from(this.queued).apply(retry);

		assertThat(job.state()).isEqualTo(JobState.QUEUED);
		assertThat(job.attempts()).isEqualTo(2);
		assertThat(job.nextAttemptAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(job.error()).isNotNull();
	}

	@Test
	void aRetryThatIsTheFirstEventSeenStillShowsItsBackoffAndError() {
		var retry = new JobEvent.Queued(ID, "noop", 2, T0.plusMillis(5), JobOptions.DEFAULTS, null, T0.plusSeconds(1),
				JobError.invalid("boom"));

		var job = Job.from(retry);

		assertThat(job.attempts()).isEqualTo(2);
		assertThat(job.nextAttemptAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(job.error()).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(value = JobState.class, names = { "SUCCEEDED", "FAILED", "CANCELLED" })
	void noLaterEventOfAnyKindOrAttemptMovesATerminalJob(JobState terminal) {
		var job = Job.from(this.queued).apply(this.running).apply(terminalEvent(terminal));
		var later = java.util.List.<JobEvent>of(
				new JobEvent.Queued(ID, "noop", 2, T0.plusMillis(5), JobOptions.DEFAULTS, null, T0.plusSeconds(1),
						JobError.invalid("late")),
				new JobEvent.Running(ID, "noop", 2, T0.plusMillis(6), EXECUTION, SUBMISSION),
				new JobEvent.Succeeded(ID, "noop", 2, T0.plusMillis(6), T0.plusMillis(7), EXECUTION, "1", Map.of(),
						SUBMISSION),
				new JobEvent.Failed(ID, "noop", 2, null, T0.plusMillis(8), null, JobError.invalid("late"), null),
				new JobEvent.Cancelled(ID, "noop", 2, T0.plusMillis(9), null));

		for (JobEvent event : later) {
			assertThat(job.apply(event)).as("after %s", event).isEqualTo(job);
		}
		assertThat(job.state()).isEqualTo(terminal);
		assertThat(java.util.Arrays.stream(JobState.values()).filter(terminal::canMoveTo)).isEmpty();
	}

	private JobEvent terminalEvent(JobState terminal) {
		return switch (terminal) {
			case SUCCEEDED -> this.succeeded;
			case FAILED ->
				new JobEvent.Failed(ID, "noop", 1, null, T0.plusMillis(2), null, JobError.invalid("bad"), null);
			case CANCELLED -> new JobEvent.Cancelled(ID, "noop", 1, T0.plusMillis(2), null);
			default -> throw new IllegalArgumentException("not terminal: " + terminal);
		};
	}

	@Test
	void idempotencyKeysMapToTheSameIdAndScopesSeparateThem() {
		assertThat(JobId.fromIdempotencyKey("client-a", "order-1"))
			.isEqualTo(JobId.fromIdempotencyKey("client-a", "order-1"))
			.isNotEqualTo(JobId.fromIdempotencyKey("client-b", "order-1"));
	}

	@Test
	void newIdsAreTimeOrderedVersion7Uuids() {
		var first = JobId.newId(java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC));
		var second = JobId.newId(java.time.Clock.fixed(T0.plusMillis(1), java.time.ZoneOffset.UTC));

		assertThat(first.value().version()).isEqualTo(7);
		assertThat(first).isLessThan(second);
	}

}
