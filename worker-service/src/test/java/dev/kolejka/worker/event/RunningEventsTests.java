package dev.kolejka.worker.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.Execution;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.task.Pool;
import org.junit.jupiter.api.Test;

class RunningEventsTests {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	private static final Execution EXECUTION = new Execution("worker-1", Pool.CPU, 1, "kolejka-cpu-1", 1, 0, 0);

	private static final JobEvent.Submission SUBMISSION = new JobEvent.Submission(JobOptions.DEFAULTS, NOW, null);

	private final List<String> acknowledged = new ArrayList<>();

	@Test
	void aRunningEventAloneIsHeldUntilDue() {
		var events = new RunningEvents(Duration.ofHours(1));
		JobId id = id();

		assertThat(events.toSend(List.of(running(id)), false)).isEmpty();
		assertThat(events.isEmpty()).isFalse();
		assertThat(events.nanosUntilDue(0)).isPositive();

		var due = new RunningEvents(Duration.ofNanos(1));
		due.toSend(List.of(running(id)), false);
		assertThat(due.nanosUntilDue(Long.MAX_VALUE)).isLessThan(Duration.ofSeconds(1).toNanos());
		assertThat(due.toSend(List.of(), false)).extracting((pending) -> pending.event().id()).containsExactly(id);
		assertThat(due.isEmpty()).isTrue();
	}

	@Test
	void theJobsNextEventDropsItsHeldRunningEventAndAcknowledgesBoth() {
		var events = new RunningEvents(Duration.ofHours(1));
		JobId id = id();
		events.toSend(List.of(running(id)), false);

		List<PendingEvent> sent = events.toSend(List.of(succeeded(id)), false);

		assertThat(sent).extracting(PendingEvent::event).singleElement().isInstanceOf(JobEvent.Succeeded.class);
		sent.getFirst().onAcknowledged().run();
		assertThat(this.acknowledged).containsExactly("running " + id, "succeeded " + id);
		assertThat(events.isEmpty()).isTrue();
	}

	@Test
	void heldRunningEventsRideAlongWithAnyOtherSendAfterIt() {
		var events = new RunningEvents(Duration.ofHours(1));
		JobId waiting = id();
		JobId other = id();
		events.toSend(List.of(running(waiting)), false);

		List<PendingEvent> sent = events.toSend(List.of(succeeded(other)), false);

		assertThat(sent).extracting((pending) -> pending.event().id()).containsExactly(other, waiting);
		assertThat(events.isEmpty()).isTrue();
	}

	@Test
	void aRetryAnnouncedAfterTheRunningEventDropsItButTheNextAttemptsRunningEventStays() {
		var events = new RunningEvents(Duration.ZERO);
		JobId id = id();
		JobEvent.Queued retry = new JobEvent.Queued(id, "flaky", 2, NOW, JobOptions.DEFAULTS, null, NOW,
				new JobError(ErrorType.EXCEPTION, "boom", null));

		List<PendingEvent> sent = events.toSend(List.of(running(id), pending(retry, "queued"), running(id, 2)), false);

		assertThat(sent).extracting(PendingEvent::event)
			.satisfiesExactly((first) -> assertThat(first).isEqualTo(retry),
					(second) -> assertThat(second).isInstanceOfSatisfying(JobEvent.Running.class,
							(running) -> assertThat(running.attempt()).isEqualTo(2)));
	}

	@Test
	void withoutADelayRunningEventsGoAtOnceUnlessTheirJobsNextEventIsInTheSameDrain() {
		var events = new RunningEvents(Duration.ZERO);
		JobId alone = id();
		JobId quick = id();

		List<PendingEvent> sent = events.toSend(List.of(running(alone), running(quick), succeeded(quick)), false);

		assertThat(sent).extracting(PendingEvent::event)
			.satisfiesExactly((first) -> assertThat(first).isInstanceOf(JobEvent.Running.class),
					(second) -> assertThat(second).isInstanceOf(JobEvent.Succeeded.class));
		assertThat(sent).extracting((pending) -> pending.event().id()).containsExactly(alone, quick);
		assertThat(events.isEmpty()).isTrue();
	}

	@Test
	void flushingSendsEveryHeldEvent() {
		var events = new RunningEvents(Duration.ofHours(1));
		JobId first = id();
		JobId second = id();
		events.toSend(List.of(running(first)), false);

		List<PendingEvent> sent = events.toSend(List.of(running(second)), true);

		assertThat(sent).extracting((pending) -> pending.event().id()).containsExactlyInAnyOrder(first, second);
		assertThat(events.isEmpty()).isTrue();
	}

	private static JobId id() {
		return new JobId(UUID.randomUUID());
	}

	private PendingEvent running(JobId id) {
		return running(id, 1);
	}

	private PendingEvent running(JobId id, int attempt) {
		return pending(new JobEvent.Running(id, "noop", attempt, NOW, EXECUTION, SUBMISSION), "running " + id);
	}

	private PendingEvent succeeded(JobId id) {
		return pending(
				new JobEvent.Succeeded(id, "noop", 1, NOW, NOW, EXECUTION, "null", java.util.Map.of(), SUBMISSION),
				"succeeded " + id);
	}

	private PendingEvent pending(JobEvent event, String name) {
		return new PendingEvent(event, () -> this.acknowledged.add(name));
	}

}
