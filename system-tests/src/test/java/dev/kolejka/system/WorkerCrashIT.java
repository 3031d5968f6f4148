package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.JobEvent;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Workers as real processes: {@code kill -9} of one in the middle of a run loses no
 * accepted job, and SIGTERM lets a worker finish what it holds, commit and leave, so
 * nothing it finished runs again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerCrashIT {

	private static final String[] FAST_FAILOVER = { "spring.kafka.consumer.properties.session.timeout.ms=6000",
			"spring.kafka.consumer.properties.heartbeat.interval.ms=1500" };

	private final Stack stack = new Stack(WorkerCrashIT.class);

	private ApiClient api;

	@BeforeAll
	void start() {
		this.stack.startApi();
		this.api = this.stack.client();
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	@Test
	void killingAWorkerMidRunLosesNoJob() throws Exception {
		try (var doomed = new WorkerProcess("doomed", this.stack.prefix(), FAST_FAILOVER);
				var survivor = new WorkerProcess("survivor", this.stack.prefix(), FAST_FAILOVER)) {
			String batchId = submitBatch(5000, 3000);
			await().atMost(Duration.ofSeconds(120)).until(() -> succeeded(batchId) >= 500);

			doomed.kill();

			await().atMost(Duration.ofSeconds(180))
				.untilAsserted(() -> assertThat(succeeded(batchId)).as(survivor::log).isEqualTo(5000));
			// every job of the batch, item by item, not only the count
			JsonNode batch = this.api.get("/api/v1/batches/" + batchId).json();
			var states = new ArrayList<String>();
			batch.get("states").forEach((state) -> states.add(state.asString()));
			assertThat(states).hasSize(5000).containsOnly("SUCCEEDED");
			assertThat(batch.get("results")).hasSize(5000);
		}
	}

	@Test
	void aWorkerStoppedWithSigtermFinishesItsJobsAndNothingRunsTwice() throws Exception {
		String batchId;
		Duration stopped;
		try (var leaving = new WorkerProcess("leaving", this.stack.prefix(), FAST_FAILOVER);
				var staying = new WorkerProcess("staying", this.stack.prefix(), FAST_FAILOVER)) {
			batchId = submitBatch(3000, 3000);
			await().atMost(Duration.ofSeconds(120)).until(() -> succeeded(batchId) >= 300);
			// a settled group: both workers own partitions and have run jobs of this
			// batch
			await().atMost(Duration.ofSeconds(60))
				.until(() -> successesByWorker(batchId).keySet().containsAll(List.of("leaving", "staying")));

			stopped = leaving.terminate(Duration.ofSeconds(60));

			await().atMost(Duration.ofSeconds(120))
				.untilAsserted(() -> assertThat(succeeded(batchId)).as(staying::log).isEqualTo(3000));
		}
		assertThat(stopped).isLessThan(Duration.ofSeconds(35));
		assertThat(duplicateSuccesses(batchId)).isEmpty();
		assertThat(successesByWorker(batchId)).containsOnlyKeys("leaving", "staying");
	}

	/**
	 * A grace too short for the jobs a worker holds: the jobs unfinished at its end run
	 * again on the next owner, the ones it finished above them on the same partitions do
	 * not, and neither do the finished jobs of a chunk whose other jobs were still
	 * running (the handoff's commit names them all).
	 */
	@Test
	void whenTheGraceRunsOutOnlyTheUnfinishedJobsRunAgain() throws Exception {
		String slowBatch;
		String fastBatch;
		String mixedChunk;
		try (var leaving = new WorkerProcess("short-grace", this.stack.prefix(), "kolejka.worker.shutdown-grace=1s")) {
			// one slow record ahead on (almost surely) every partition, fast ones above
			var slow = this.api.post("/api/v1/jobs/batch",
					"{\"task\":\"sleep\",\"items\":["
							+ IntStream.range(0, 36).mapToObj((i) -> "{\"ms\":8000}").collect(Collectors.joining(","))
							+ "],\"options\":{\"chunkSize\":1}}");
			assertThat(slow.status()).as(slow.body()).isEqualTo(202);
			slowBatch = slow.json().get("batchId").asString();
			fastBatch = submitBatch(600, 100);
			// one record: two slow jobs beside ten fast ones
			var mixed = this.api.post("/api/v1/jobs/batch",
					"{\"task\":\"sleep\",\"items\":["
							+ Stream.concat(Stream.of(8000, 8000), Collections.nCopies(10, 20).stream())
								.map((ms) -> "{\"ms\":" + ms + "}")
								.collect(Collectors.joining(","))
							+ "],\"options\":{\"chunkSize\":12}}");
			assertThat(mixed.status()).as(mixed.body()).isEqualTo(202);
			mixedChunk = mixed.json().get("batchId").asString();
			await().atMost(Duration.ofSeconds(120))
				.untilAsserted(() -> assertThat(succeeded(fastBatch)).as(leaving::log).isEqualTo(600));
			await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(mixedChunk) == 10);
			assertThat(succeeded(slowBatch)).as("the slow jobs are still running").isZero();

			leaving.terminate(Duration.ofSeconds(60));
		}
		try (var next = new WorkerProcess("next-owner", this.stack.prefix())) {
			await().atMost(Duration.ofSeconds(120))
				.untilAsserted(() -> assertThat(succeeded(slowBatch)).as(next::log).isEqualTo(36));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(succeeded(mixedChunk)).as(next::log).isEqualTo(12));
		}
		assertThat(successes(slowBatch)).extracting((succeeded) -> succeeded.execution().workerId())
			.containsOnly("next-owner");
		assertThat(duplicateSuccesses(fastBatch).size()).as("fast jobs that ran twice").isZero();
		assertThat(successesByWorker(fastBatch)).containsOnlyKeys("short-grace");
		assertThat(duplicateSuccesses(mixedChunk)).as("jobs of the chunk that ran twice").isEmpty();
		assertThat(successesByWorker(mixedChunk)).isEqualTo(Map.of("short-grace", 10, "next-owner", 2));
	}

	@Test
	void tenThousandCountsOverTwoWorkersAndAllPoolsAreExactAfterOneWorkerIsKilledAndRestarted() throws Exception {
		var batches = new ArrayList<String>();
		try (var survivor = new WorkerProcess("count-survivor", this.stack.prefix(), FAST_FAILOVER)) {
			try (var doomed = new WorkerProcess("count-doomed", this.stack.prefix(), FAST_FAILOVER)) {
				for (var pool : Map.of("cpu", 3400, "io", 3300, "process", 3300).entrySet()) {
					String items = IntStream.range(0, pool.getValue())
						.mapToObj((i) -> "{\"counter\":\"crash-proof\",\"by\":1}")
						.collect(Collectors.joining(","));
					var response = this.api.post("/api/v1/jobs/batch", "{\"task\":\"count\",\"items\":[" + items
							+ "],\"options\":{\"pool\":\"" + pool.getKey() + "\",\"chunkSize\":10}}");
					assertThat(response.status()).as(response.body()).isEqualTo(202);
					batches.add(response.json().get("batchId").asString());
				}
				await().atMost(Duration.ofSeconds(120))
					.until(() -> batches.stream().mapToInt(this::succeeded).sum() >= 1000);

				doomed.kill();
			}
			try (var restarted = new WorkerProcess("count-doomed", this.stack.prefix(), FAST_FAILOVER)) {
				await().atMost(Duration.ofSeconds(240))
					.untilAsserted(() -> assertThat(batches.stream().mapToInt(this::succeeded).sum()).as(survivor::log)
						.isEqualTo(10_000));
			}
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.api.get("/api/v1/counters/crash-proof").json().get("value").asLong())
				.isEqualTo(10_000));
	}

	private String submitBatch(int jobs, int iterations) {
		String items = IntStream.range(0, jobs)
			.mapToObj((i) -> "{\"iterations\":" + iterations + "}")
			.collect(Collectors.joining(","));
		var response = this.api.post("/api/v1/jobs/batch",
				"{\"task\":\"cpu-burn\",\"items\":[" + items + "],\"options\":{\"chunkSize\":10}}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("batchId").asString();
	}

	private int succeeded(String batchId) {
		return this.api.get("/api/v1/batches/" + batchId).json().get("succeeded").asInt();
	}

	/**
	 * The batch's jobs with more than one Succeeded event on job-events: each one ran
	 * twice.
	 */
	private Map<String, Integer> duplicateSuccesses(String batchId) {
		var successes = new HashMap<String, Integer>();
		successes(batchId).forEach((succeeded) -> successes.merge(succeeded.id().toString(), 1, Integer::sum));
		successes.values().removeIf((count) -> count == 1);
		return successes;
	}

	private Map<String, Integer> successesByWorker(String batchId) {
		var byWorker = new HashMap<String, Integer>();
		successes(batchId).forEach((succeeded) -> byWorker.merge(succeeded.execution().workerId(), 1, Integer::sum));
		return byWorker;
	}

	private List<JobEvent.Succeeded> successes(String batchId) {
		TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS), Topics.MAX_RECORD_BYTES);
		var successes = new ArrayList<JobEvent.Succeeded>();
		for (var record : TopicRecords.all(new Topics(this.stack.prefix()).jobEvents())) {
			for (JobEvent event : codec.decode(record.value(), EventEnvelope.class).events()) {
				if (event instanceof JobEvent.Succeeded succeeded && succeeded.submission().batch() != null
						&& succeeded.submission().batch().batchId().toString().equals(batchId)) {
					successes.add(succeeded);
				}
			}
		}
		return successes;
	}

}
