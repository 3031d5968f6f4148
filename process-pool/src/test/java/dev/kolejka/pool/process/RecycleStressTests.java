package dev.kolejka.pool.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.kolejka.job.ErrorType;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.chaos.ChaosTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's use of the pool under stress: one task per chunk, children recycled every
 * five tasks, and cancels landing at random around each task's end (before it runs, while
 * it runs, just as its answer goes out, after). Every task must hear exactly one outcome,
 * and a cancel may end only its own task: never the child's next one.
 */
class RecycleStressTests {

	private static final ProcessPoolSettings RECYCLING = ProcessPoolSettings.defaults()
		.withProcesses(2)
		.withMaxTasksPerChild(5)
		.withTasks(new TaskSettings(true));

	private static final int TASKS = 30;

	private static final long TASK_MS = 20;

	private final ScheduledExecutorService cancels = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopCancels() {
		this.cancels.shutdownNow();
	}

	@Test
	void cancelsRacingAnswersAndRecyclingEndOnlyTheirOwnTasks() {
		var tasks = new ArrayList<StressedTask>();
		try (var pool = ProcessPool.start(RECYCLING)) {
			for (int i = 0; i < TASKS; i++) {
				var task = new StressedTask(i % 3 == 0, this.cancels);
				task.ticket = pool
					.submit(new ProcessWork(ChaosTask.hang(TASK_MS), UUID.randomUUID(), 1, null, task.listener));
				tasks.add(task);
			}

			await().atMost(Duration.ofMinutes(5))
				.untilAsserted(() -> assertThat(tasks).allSatisfy((task) -> assertThat(task.listener.outcomes)
					.as("outcomes of a %s task", task.cancelled ? "cancelled" : "plain")
					.hasSize(1)));

			assertThat(tasks).filteredOn((task) -> !task.cancelled)
				.allSatisfy((task) -> assertThat(task.listener.outcomes.getFirst())
					.isInstanceOf(ChildOutcome.Returned.class));
			assertThat(tasks).filteredOn((task) -> task.cancelled)
				.allSatisfy((task) -> assertThat(task.listener.outcomes.getFirst()).satisfiesAnyOf(
						(outcome) -> assertThat(outcome).isInstanceOf(ChildOutcome.Returned.class),
						(outcome) -> assertThat(outcome).isInstanceOfSatisfying(ChildOutcome.Killed.class,
								(killed) -> assertThat(killed.error().type()).isEqualTo(ErrorType.CANCELLED))));
			assertThat(pool.submit(new ProbeTasks.WhoAmI(1)).join().tag()).isEqualTo(1);
			assertThat(pool.queued()).isZero();
		}
	}

	@Test
	void terminateWhileChildrenRecycleLeavesEveryTaskWithOneOutcomeAndNoChild() {
		var pool = ProcessPool.start(RECYCLING);
		var listeners = new ArrayList<RecordingListener>();
		for (int i = 0; i < TASKS; i++) {
			var listener = RecordingListener.admitting();
			pool.submit(new ProcessWork(ChaosTask.hang(TASK_MS), UUID.randomUUID(), 1, null, listener));
			listeners.add(listener);
		}
		await().atMost(Duration.ofMinutes(1))
			.until(() -> listeners.stream().filter((listener) -> listener.outcome.isDone()).count() >= 6);

		pool.terminate();

		assertThat(listeners).allSatisfy((listener) -> assertThat(listener.outcomes).hasSize(1));
		List<ChildOutcome> notReturned = listeners.stream()
			.map((listener) -> listener.outcomes.getFirst())
			.filter((outcome) -> !(outcome instanceof ChildOutcome.Returned))
			.toList();
		assertThat(notReturned).isNotEmpty()
			.allSatisfy((outcome) -> assertThat(outcome).isInstanceOfAny(ChildOutcome.NotStarted.class,
					ChildOutcome.Killed.class));
		assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
	}

	/** A task, and for some a cancel timed to land around the moment it ends. */
	private static final class StressedTask {

		private final boolean cancelled;

		private final RecordingListener listener = RecordingListener.admitting();

		private volatile Ticket ticket;

		StressedTask(boolean cancelled, ScheduledExecutorService cancels) {
			this.cancelled = cancelled;
			if (cancelled) {
				this.listener.started.thenRun(() -> cancels.schedule(() -> this.ticket.cancel(),
						TASK_MS + ThreadLocalRandom.current().nextLong(-5, 6), TimeUnit.MILLISECONDS));
			}
		}

	}

}
