package dev.kolejka.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.BatchRef;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Long polls of a batch, over a status view written the way the real one is: the job's
 * new state is stored first, then the listeners hear of it.
 */
class BatchWaiterTests {

	/** Longer than any test runs: a poll that returns did not merely time out. */
	private static final Duration LONG_POLL = Duration.ofSeconds(60);

	private final Map<JobId, Job> view = new ConcurrentHashMap<>();

	private final BatchWaiter waiter = new BatchWaiter((id) -> Optional.ofNullable(this.view.get(id)));

	private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

	private final UUID batchId = UUID.randomUUID();

	private final List<JobId> ids = IntStream.range(0, 3).mapToObj((i) -> new JobId(UUID.randomUUID())).toList();

	private final BatchQueued batch = new BatchQueued(this.batchId, "count", JobOptions.DEFAULTS, this.ids,
			Instant.parse("2026-11-30T10:00:00Z"));

	@AfterEach
	void stop() {
		this.requests.shutdownNow();
	}

	@Test
	void pollsOfABatchAllReturnWhenItsLastJobEndsAndLeaveNoWatchBehind() {
		store(0, JobState.SUCCEEDED);
		store(1, JobState.RUNNING);
		store(2, JobState.QUEUED);
		List<CompletableFuture<Void>> polls = IntStream.range(0, 20).mapToObj((i) -> poll()).toList();
		await().until(() -> this.waiter.watched() == 1);

		end(1, JobState.FAILED);
		assertThat(polls).as("a job of the batch is still queued").noneMatch(CompletableFuture::isDone);
		end(2, JobState.SUCCEEDED);

		await().atMost(Duration.ofSeconds(10)).until(() -> polls.stream().allMatch(CompletableFuture::isDone));
		assertThat(this.waiter.watched()).isZero();
	}

	@Test
	void aBatchPollThatTimesOutLeavesNoWatchBehind() {
		store(0, JobState.RUNNING);

		this.waiter.awaitAll(this.batch, Duration.ofMillis(100));

		assertThat(this.waiter.watched()).isZero();
	}

	@Test
	void aBatchWhoseJobsAllEndedReturnsAtOnce() {
		IntStream.range(0, 3).forEach((index) -> store(index, JobState.CANCELLED));

		CompletableFuture<Void> poll = poll();

		await().atMost(Duration.ofSeconds(10)).until(poll::isDone);
		assertThat(this.waiter.watched()).isZero();
	}

	private CompletableFuture<Void> poll() {
		return CompletableFuture.runAsync(() -> this.waiter.awaitAll(this.batch, LONG_POLL), this.requests);
	}

	private void store(int index, JobState state) {
		Job job = new Job(this.ids.get(index), "count", state, 1, JobOptions.DEFAULTS, null, null, null, null, null,
				null, null, new BatchRef(this.batchId, index));
		this.view.put(job.id(), job);
	}

	/** As the status view does: stored first, then announced. */
	private void end(int index, JobState state) {
		store(index, state);
		this.waiter.updated(this.view.get(this.ids.get(index)));
	}

}
