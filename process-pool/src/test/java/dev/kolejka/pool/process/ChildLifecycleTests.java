package dev.kolejka.pool.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.kolejka.job.ErrorType;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.chaos.ChaosTask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * How children are born, recycled and die: each test owns its pool, so the pids it
 * watches are its own.
 */
class ChildLifecycleTests {

	private static final ProcessPoolSettings ONE_CHILD = ProcessPoolSettings.defaults()
		.withProcesses(1)
		.withTasks(new TaskSettings(true));

	@Test
	void maxTasksPerChildReplacesTheChildAfterThatManyTasks() {
		try (var pool = ProcessPool.start(ONE_CHILD.withMaxTasksPerChild(5))) {
			List<ProbeTasks.WhoAmI.Answer> answers = pool
				.map(IntStream.range(0, 15).mapToObj(ProbeTasks.WhoAmI::new).toList(), 1);

			List<Long> pids = answers.stream().map(ProbeTasks.WhoAmI.Answer::pid).toList();
			assertThat(pids.stream().distinct()).hasSize(3);
			for (int first = 0; first < 15; first += 5) {
				assertThat(pids.subList(first, first + 5)).containsOnly(pids.get(first));
			}
		}
	}

	@Test
	void theInitializerRunsInEveryChildBeforeItTakesWork() {
		try (var pool = ProcessPool.start(ONE_CHILD.withProcesses(2)
			.withMaxTasksPerChild(2)
			.withInitializer(ProbeTasks.MarkingInitializer.class))) {
			List<ProbeTasks.WhoAmI.Answer> answers = pool
				.map(IntStream.range(0, 8).mapToObj(ProbeTasks.WhoAmI::new).toList(), 1);

			assertThat(answers)
				.allSatisfy((answer) -> assertThat(answer.initialized()).isEqualTo("by-" + answer.pid()));
		}
	}

	@Test
	void aChildThatExhaustsItsHeapLimitLosesItsTaskAndIsReplaced() {
		try (var pool = ProcessPool.start(ONE_CHILD.withMaxMemoryPerChild(64L << 20))) {
			assertThatThrownBy(() -> pool.submit(new ChaosTask("oom", null, null, null)).join()).cause()
				.isInstanceOfSatisfying(TaskFailedException.class, (failed) -> {
					assertThat(failed.error().type()).isEqualTo(ErrorType.WORKER_LOST);
					assertThat(failed.error().message()).contains("heap was exhausted");
				});
			assertThat(pool.submit(new ProbeTasks.WhoAmI(1)).join().tag()).isEqualTo(1);
		}
	}

	@Test
	void countersAddedByManyThreadsInAChildAreExact() {
		var outcome = new CompletableFuture<ChildOutcome>();
		try (var pool = ProcessPool.start(ONE_CHILD)) {
			pool.submit(new ProcessWork(new ProbeTasks.RacingCounter("hits", 8, 100_000), UUID.randomUUID(), 1, null,
					outcome::complete));

			assertThat(outcome).succeedsWithin(Duration.ofSeconds(60))
				.isInstanceOfSatisfying(ChildOutcome.Returned.class, (returned) -> {
					assertThat(returned.result()).isEqualTo(8);
					assertThat(returned.counters()).containsEntry("hits", 800_000L);
				});
		}
	}

	@Test
	void aChildWhoseHeartbeatStopsIsKilledAsHung() throws Exception {
		try (var pool = ProcessPool.start(ONE_CHILD.withHungAfter(Duration.ofMillis(500)))) {
			CompletableFuture<ChaosTask.Result> hung = pool.submit(ChaosTask.hang(0));
			await().atMost(Duration.ofSeconds(30)).until(() -> pool.children().getFirst().state() == ChildState.BUSY);
			long pid = pool.children().getFirst().pid();

			// a stopped process is the hung child: no heartbeat, no answer
			new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();

			assertThatThrownBy(hung::join).cause().isInstanceOfSatisfying(TaskFailedException.class, (failed) -> {
				assertThat(failed.error().type()).isEqualTo(ErrorType.WORKER_LOST);
				assertThat(failed.error().message()).contains("heartbeat stopped");
			});
			assertThat(pool.submit(new ProbeTasks.WhoAmI(1)).join().pid()).isNotEqualTo(pid);
		}
	}

	@Test
	void aTaskCancelledWhileQueuedNeverRuns() {
		try (var pool = ProcessPool.start(ONE_CHILD)) {
			CompletableFuture<ChaosTask.Result> blocker = pool.submit(ChaosTask.hang(0));
			var queuedOutcome = new CompletableFuture<ChildOutcome>();
			var started = new CompletableFuture<Long>();
			Ticket queued = pool.submit(
					new ProcessWork(new ProbeTasks.WhoAmI(1), UUID.randomUUID(), 1, null, new ProcessWork.Listener() {
						@Override
						public void started(long pid, String thread) {
							started.complete(pid);
						}

						@Override
						public void finished(ChildOutcome outcome) {
							queuedOutcome.complete(outcome);
						}
					}));

			assertThat(queued.cancel()).isTrue();
			blocker.cancel(true);

			assertThat(queuedOutcome).succeedsWithin(Duration.ofSeconds(5))
				.isInstanceOfSatisfying(ChildOutcome.Killed.class, (killed) -> {
					assertThat(killed.error().type()).isEqualTo(ErrorType.CANCELLED);
					assertThat(killed.pid()).isZero();
				});
			assertThat(pool.submit(new ProbeTasks.WhoAmI(2)).join().tag()).isEqualTo(2);
			assertThat(started).isNotDone();
		}
	}

	@Test
	void closeWaitsForQueuedTasksThenLeavesNoChildren() {
		var pool = ProcessPool.start(ONE_CHILD.withProcesses(2));
		List<CompletableFuture<ProbeTasks.WhoAmI.Answer>> futures = new ArrayList<>();
		for (int tag = 0; tag < 10; tag++) {
			futures.add(pool.submit(new ProbeTasks.WhoAmI(tag)));
		}

		pool.close();

		assertThat(futures).allSatisfy((future) -> assertThat(future).isCompleted());
		assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
		assertThatThrownBy(() -> pool.submit(new ProbeTasks.WhoAmI(11))).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void terminateKillsRunningChildrenAndFailsWhatWasQueued() {
		var pool = ProcessPool.start(ONE_CHILD);
		CompletableFuture<ChaosTask.Result> running = pool.submit(ChaosTask.hang(0));
		await().atMost(Duration.ofSeconds(30)).until(() -> pool.active() == 1);
		CompletableFuture<ProbeTasks.WhoAmI.Answer> queued = pool.submit(new ProbeTasks.WhoAmI(1));

		pool.terminate();

		for (CompletableFuture<?> future : List.of(running, queued)) {
			assertThatThrownBy(future::join).cause()
				.isInstanceOfSatisfying(TaskFailedException.class,
						(failed) -> assertThat(failed.error().type()).isEqualTo(ErrorType.WORKER_LOST));
		}
		assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
	}

	@Test
	void childrenDieWithTheirParentEvenWhenItIsKilledHard() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process parent = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				PoolHolder.class.getName())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		List<Long> children = new ArrayList<>();
		try (var lines = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
			String line = lines.readLine();
			assertThat(line).as("the holder's child pids").startsWith("children ");
			for (String pid : line.substring("children ".length()).split(",")) {
				children.add(Long.parseLong(pid));
			}
			assertThat(children).hasSize(2)
				.allSatisfy((pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
					.isEqualTo(Optional.of(true)));

			parent.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(children)
					.allSatisfy((pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty()));
		}
	}

}
