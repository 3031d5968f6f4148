package dev.kolejka.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Long polls of one job. The status view is a map written the way the real one is: the
 * job's new state is stored first, then the listeners hear of it.
 */
class JobWaiterTests {

	/** Longer than any test runs: a poll that returns did not merely time out. */
	private static final Duration LONG_POLL = Duration.ofSeconds(60);

	private final Map<JobId, Job> view = new ConcurrentHashMap<>();

	private final JobWaiter waiter = new JobWaiter((id) -> Optional.ofNullable(this.view.get(id)));

	private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

	private final JobId id = new JobId(UUID.randomUUID());

	@AfterEach
	void stop() {
		this.requests.shutdownNow();
	}

	@Test
	void aWaiterCompletesWhenItsJobEndsAndLeavesNoWaiterBehind() {
		store(job(JobState.RUNNING));
		CompletableFuture<Optional<Job>> poll = poll(LONG_POLL);
		await().until(() -> this.waiter.waiting() == 1);

		end(job(JobState.SUCCEEDED));

		await().atMost(Duration.ofSeconds(10)).until(poll::isDone);
		assertThat(poll.join()).get().extracting(Job::state).isEqualTo(JobState.SUCCEEDED);
		assertThat(this.waiter.waiting()).isZero();
	}

	@Test
	void aWaiterThatTimesOutAnswersTheJobsCurrentStateAndLeavesNoWaiterBehind() {
		store(job(JobState.RUNNING));

		Optional<Job> answer = this.waiter.await(this.id, Duration.ofMillis(100));

		assertThat(answer).get().extracting(Job::state).isEqualTo(JobState.RUNNING);
		assertThat(this.waiter.waiting()).isZero();
	}

	@Test
	void manyWaitersOnOneJobAllCompleteWhenItEnds() {
		store(job(JobState.QUEUED));
		List<CompletableFuture<Optional<Job>>> polls = IntStream.range(0, 50).mapToObj((i) -> poll(LONG_POLL)).toList();
		await().until(() -> this.waiter.waiting() == 1);

		end(job(JobState.FAILED));

		await().atMost(Duration.ofSeconds(10)).until(() -> polls.stream().allMatch(CompletableFuture::isDone));
		assertThat(polls.stream().map((poll) -> poll.join().map(Job::state).orElseThrow()))
			.containsOnly(JobState.FAILED);
		assertThat(this.waiter.waiting()).isZero();
	}

	@Test
	void aWaiterThatGivesUpLeavesTheFutureToTheOthersStillWaiting() {
		store(job(JobState.RUNNING));
		CompletableFuture<Job> patient = this.waiter.terminal(this.id).thenApply(Function.identity());

		assertThat(this.waiter.await(this.id, Duration.ofMillis(50))).get()
			.extracting(Job::state)
			.isEqualTo(JobState.RUNNING);
		end(job(JobState.CANCELLED));

		assertThat(patient).isCompletedWithValueMatching((job) -> job.state() == JobState.CANCELLED);
		assertThat(this.waiter.waiting()).isZero();
	}

	@Test
	void aJobThatAlreadyEndedCompletesAtOnceAndLeavesNoWaiterBehindEvenIfNeverForgotten() {
		store(job(JobState.SUCCEEDED));

		// as a batch's completion log asks: it never calls forget
		CompletableFuture<Job> terminal = this.waiter.terminal(this.id);

		assertThat(terminal).isCompletedWithValueMatching((job) -> job.state() == JobState.SUCCEEDED);
		assertThat(this.waiter.waiting()).isZero();
		assertThat(this.waiter.await(this.id, LONG_POLL)).get().extracting(Job::state).isEqualTo(JobState.SUCCEEDED);
		assertThat(this.waiter.waiting()).isZero();
	}

	private CompletableFuture<Optional<Job>> poll(Duration wait) {
		return CompletableFuture.supplyAsync(() -> this.waiter.await(this.id, wait), this.requests);
	}

	private void store(Job job) {
		this.view.put(job.id(), job);
	}

	/** As the status view does: stored first, then announced. */
	private void end(Job job) {
		store(job);
		this.waiter.updated(job);
	}

	private Job job(JobState state) {
		return new Job(this.id, "count", state, 1, null, null, null, null, null, null, null, null, null);
	}

}
