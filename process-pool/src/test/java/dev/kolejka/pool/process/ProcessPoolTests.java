package dev.kolejka.pool.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.kolejka.job.ErrorType;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.builtin.CpuBurnTask;
import dev.kolejka.task.chaos.ChaosTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The pool as a library user meets it, with real child JVMs. */
class ProcessPoolTests {

	private static ProcessPool pool;

	@BeforeAll
	static void startPool() {
		pool = ProcessPool.start(ProcessPoolSettings.defaults().withProcesses(2).withTasks(new TaskSettings(true)));
	}

	@AfterAll
	static void closePool() {
		pool.close();
	}

	@Test
	void runsTasksInChildProcessesNotInTheCaller() {
		List<ProbeTasks.WhoAmI.Answer> answers = pool
			.map(IntStream.range(0, 20).mapToObj(ProbeTasks.WhoAmI::new).toList(), 3);

		assertThat(answers).extracting(ProbeTasks.WhoAmI.Answer::tag).containsExactlyElementsOf(range(20));
		assertThat(answers).extracting(ProbeTasks.WhoAmI.Answer::pid)
			.doesNotContain(ProcessHandle.current().pid())
			.allSatisfy(
					(pid) -> assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).contains(pid));
	}

	@Test
	void mapReturnsTheSameResultsAsRunningTheTasksHere() throws Exception {
		List<CpuBurnTask> tasks = IntStream.range(1, 40).mapToObj(CpuBurnTask::new).toList();
		var expected = new ArrayList<CpuBurnTask.Result>();
		for (CpuBurnTask task : tasks) {
			expected.add(task.run(null));
		}

		assertThat(pool.map(tasks)).containsExactlyElementsOf(expected);
		assertThat(pool.imap(tasks, 4)).toIterable().containsExactlyElementsOf(expected);
		assertThat(pool.imapUnordered(tasks, 1)).toIterable().containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void aThrowingTaskFailsAloneAndTheChildLivesOn() {
		CompletableFuture<ProbeTasks.WhoAmI.Answer> before = pool.submit(new ProbeTasks.WhoAmI(1));
		long pid = before.join().pid();

		assertThatThrownBy(() -> pool.submit(new ChaosTask("throw", null, null, "boom")).join()).cause()
			.isInstanceOfSatisfying(TaskFailedException.class, (failed) -> {
				assertThat(failed.error().type()).isEqualTo(ErrorType.EXCEPTION);
				assertThat(failed.error().message()).contains("boom");
				assertThat(failed.error().detail()).contains("ChaosTask.run");
			});
		assertThat(pool.children()).extracting(ChildSnapshot::pid).contains(pid);
	}

	@Test
	void aChildThatExitsFailsItsTaskAsWorkerLostAndIsReplaced() {
		assertThatThrownBy(() -> pool.submit(ChaosTask.exit(7)).join()).cause()
			.isInstanceOfSatisfying(TaskFailedException.class, (failed) -> {
				assertThat(failed.error().type()).isEqualTo(ErrorType.WORKER_LOST);
				assertThat(failed.error().message()).contains("exited with code 7");
			});

		assertThat(pool.submit(new ProbeTasks.WhoAmI(2)).join().tag()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(pool.children()).extracting(ChildSnapshot::state).containsOnly(ChildState.IDLE));
	}

	@Test
	void aHardTimeoutKillsTheChildWithinASecondOfTheDeadline() {
		// timed from the moment a child takes the task: waiting for a free child is not
		// part of the deadline
		var startedNanos = new CompletableFuture<Long>();
		var outcome = new CompletableFuture<ChildOutcome>();
		pool.submit(new ProcessWork(ChaosTask.hang(0), UUID.randomUUID(), 1, Duration.ofMillis(500),
				new ProcessWork.Listener() {
					@Override
					public void started(long pid, String thread) {
						startedNanos.complete(System.nanoTime());
					}

					@Override
					public void finished(ChildOutcome ended) {
						outcome.complete(ended);
					}
				}));

		assertThat(outcome).succeedsWithin(Duration.ofSeconds(30))
			.isInstanceOfSatisfying(ChildOutcome.Killed.class,
					(killed) -> assertThat(killed.error().type()).isEqualTo(ErrorType.TIMEOUT));
		long endedNanos = System.nanoTime();
		assertThat(Duration.ofNanos(endedNanos - startedNanos.join())).isLessThan(Duration.ofMillis(1_500));
		assertThat(pool.submit(new ProbeTasks.WhoAmI(3)).join().tag()).isEqualTo(3);
	}

	@Test
	void cancellingARunningTaskKillsItsChild() {
		CompletableFuture<ChaosTask.Result> hung = pool.submit(ChaosTask.hang(0));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> pool.children().stream().anyMatch((child) -> child.state() == ChildState.BUSY));
		long busyPid = pool.children()
			.stream()
			.filter((child) -> child.state() == ChildState.BUSY)
			.findFirst()
			.orElseThrow()
			.pid();

		hung.cancel(true);

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(ProcessHandle.of(busyPid).map(ProcessHandle::isAlive))
				.isNotEqualTo(Optional.of(true)));
	}

	@Test
	void theScoreboardShowsTheBusyChildsJobAndItsHeartbeat() {
		var answer = new CompletableFuture<ChildOutcome>();
		var jobId = UUID.randomUUID();
		Ticket ticket = pool.submit(new ProcessWork(ChaosTask.hang(0), jobId, 1, null, answer::complete));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pool.children()).anySatisfy((child) -> {
			assertThat(child.state()).isEqualTo(ChildState.BUSY);
			assertThat(child.currentJob()).isEqualTo(jobId);
			assertThat(child.heartbeat()).isAfter(Instant.now().minusSeconds(1));
		}));
		ticket.cancel();
		assertThat(answer).succeedsWithin(Duration.ofSeconds(5))
			.isInstanceOfSatisfying(ChildOutcome.Killed.class,
					(killed) -> assertThat(killed.error().type()).isEqualTo(ErrorType.CANCELLED));
	}

	private static List<Integer> range(int count) {
		return IntStream.range(0, count).boxed().toList();
	}

}
