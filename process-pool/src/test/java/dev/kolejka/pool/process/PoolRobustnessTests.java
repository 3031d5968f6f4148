package dev.kolejka.pool.process;

import java.time.Duration;
import java.util.UUID;

import dev.kolejka.job.ErrorType;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.chaos.ChaosTask;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a task, an option or a listener does may cost the pool a slot, leave a task
 * without an outcome, or report a task that never started as a failed attempt. Each pool
 * here has one child, so a lost dispatcher would leave nothing to run the next task.
 */
class PoolRobustnessTests {

	private static final ProcessPoolSettings ONE_CHILD = ProcessPoolSettings.defaults()
		.withProcesses(1)
		.withTasks(new TaskSettings(true));

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Test
	void aTimeoutTooLongToCountInNanosecondsNeverCostsTheSlot() {
		try (var pool = ProcessPool.start(ONE_CHILD)) {
			var listener = RecordingListener.admitting();

			pool.submit(work(new ProbeTasks.WhoAmI(1), Duration.parse("PT2562048H"), listener));

			assertThat(listener.outcome).succeedsWithin(WAIT).isInstanceOf(ChildOutcome.Returned.class);
			assertThat(pool.submit(new ProbeTasks.WhoAmI(2)).join().tag()).isEqualTo(2);
		}
	}

	@Test
	void aListenerThatThrowsOnStartSettlesItsTaskAndTheSlotKeepsWorking() {
		try (var pool = ProcessPool.start(ONE_CHILD)) {
			var listener = RecordingListener.throwingOnStart();

			pool.submit(work(new ProbeTasks.WhoAmI(1), null, listener));

			assertThat(listener.outcome).succeedsWithin(WAIT)
				.isInstanceOfSatisfying(ChildOutcome.Threw.class,
						(threw) -> assertThat(threw.error().type()).isEqualTo(ErrorType.EXCEPTION));
			assertThat(pool.submit(new ProbeTasks.WhoAmI(2)).join().tag()).isEqualTo(2);
			assertThat(listener.outcomes).hasSize(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "assertion", "linkage" })
	void anErrorATaskThrowsFailsItAsAnExceptionAndTheChildLivesOn(String kind) {
		try (var pool = ProcessPool.start(ONE_CHILD)) {
			long pid = pool.submit(new ProbeTasks.WhoAmI(1)).join().pid();
			var listener = RecordingListener.admitting();

			pool.submit(work(new ProbeTasks.Throwing(kind), null, listener));

			assertThat(listener.outcome).succeedsWithin(WAIT)
				.isInstanceOfSatisfying(ChildOutcome.Threw.class, (threw) -> {
					assertThat(threw.error().type()).isEqualTo(ErrorType.EXCEPTION);
					assertThat(threw.error().message()).containsAnyOf("AssertionError", "NoClassDefFoundError");
				});
			assertThat(pool.submit(new ProbeTasks.WhoAmI(2)).join().pid()).isEqualTo(pid);
		}
	}

	@Test
	void aTaskItsListenerRefusesEndsNotStartedAndNeverRuns() {
		try (var pool = ProcessPool.start(ONE_CHILD)) {
			var listener = RecordingListener.refusing();

			pool.submit(work(new ProbeTasks.WhoAmI(1), null, listener));

			assertThat(listener.outcome).succeedsWithin(WAIT).isInstanceOf(ChildOutcome.NotStarted.class);
			assertThat(listener.started).isNotDone();
			assertThat(pool.submit(new ProbeTasks.WhoAmI(2)).join().tag()).isEqualTo(2);
			assertThat(listener.outcomes).hasSize(1);
		}
	}

	@Test
	void terminateEndsQueuedTasksNotStartedNeverAsAFailedAttempt() {
		var pool = ProcessPool.start(ONE_CHILD);
		var running = RecordingListener.admitting();
		pool.submit(work(ChaosTask.hang(0), null, running));
		assertThat(running.started).succeedsWithin(WAIT);
		var queued = RecordingListener.admitting();
		pool.submit(work(new ProbeTasks.WhoAmI(1), null, queued));

		pool.terminate();

		assertThat(queued.outcome).isCompletedWithValueMatching(ChildOutcome.NotStarted.class::isInstance);
		assertThat(queued.admits).hasValue(0);
		assertThat(running.outcome)
			.isCompletedWithValueMatching((outcome) -> outcome instanceof ChildOutcome.Killed killed
					&& killed.error().type() == ErrorType.WORKER_LOST);
	}

	@Test
	void aChildThatCannotStartAsksTheListenerBeforeFailingATask() {
		try (var pool = ProcessPool.start(ONE_CHILD.withInitializer(ProbeTasks.FailingInitializer.class))) {
			var refused = RecordingListener.refusing();
			var admitted = RecordingListener.admitting();

			pool.submit(work(new ProbeTasks.WhoAmI(1), null, refused));
			pool.submit(work(new ProbeTasks.WhoAmI(2), null, admitted));

			assertThat(refused.outcome).succeedsWithin(WAIT).isInstanceOf(ChildOutcome.NotStarted.class);
			assertThat(admitted.outcome).succeedsWithin(WAIT)
				.isInstanceOfSatisfying(ChildOutcome.Killed.class, (killed) -> {
					assertThat(killed.error().type()).isEqualTo(ErrorType.WORKER_LOST);
					assertThat(killed.error().message()).contains("did not start");
				});
			assertThat(refused.admits).hasValue(1);
			pool.terminate();
		}
	}

	private static ProcessWork work(Task<?> task, @Nullable Duration timeout, ProcessWork.Listener listener) {
		return new ProcessWork(task, UUID.randomUUID(), 1, timeout, listener);
	}

}
