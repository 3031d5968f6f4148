package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.JobEvent;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.DeadLetterHeaders;
import dev.kolejka.topic.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The worker's execution engine on a single-partition topic, where anything that blocked
 * the partition would show: out-of-order processing, durable retries with backoff, dead
 * letters for exhausted jobs, and timeouts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionEngineIT {

	private final Stack stack = new Stack(ExecutionEngineIT.class, "kolejka.topics.partitions=1",
			"kolejka.worker.shutdown-grace=1s");

	private ApiClient api;

	@BeforeAll
	void start() {
		this.stack.start(1);
		this.api = this.stack.client();
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	@Test
	void aLongJobNeverHoldsUpTheShortJobsBehindItOnItsPartition() {
		String slow = this.api.submit("sleep", "{\"ms\":20000}");
		await().atMost(Duration.ofSeconds(30)).until(() -> state(slow).equals("RUNNING"));
		String items = IntStream.range(0, 2000)
			.mapToObj((i) -> "{\"iterations\":" + (100 + i % 50) + "}")
			.collect(Collectors.joining(","));

		var batch = this.api.post("/api/v1/jobs/batch", "{\"task\":\"cpu-burn\",\"items\":[" + items + "]}");

		String batchId = batch.json().get("batchId").asString();
		JsonNode done = this.api.get("/api/v1/batches/" + batchId + "?waitSeconds=15").json();
		assertThat(done.get("succeeded").asInt()).isEqualTo(2000);
		assertThat(state(slow)).isEqualTo("RUNNING");
	}

	/**
	 * Ten thousand 1 s sleeps run side by side: one after another they would take hours.
	 * How fast they finish is the benchmark suite's row, not this test's.
	 */
	@Test
	void tenThousandOneSecondIoJobsRunConcurrently() {
		String items = IntStream.range(0, 10_000).mapToObj((i) -> "{\"ms\":1000}").collect(Collectors.joining(","));
		long start = System.nanoTime();

		var batch = this.api.post("/api/v1/jobs/batch", "{\"task\":\"sleep\",\"items\":[" + items + "]}");
		JsonNode done = this.api.get("/api/v1/batches/" + batch.json().get("batchId").asString() + "?waitSeconds=60")
			.json();

		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		assertThat(done.get("succeeded").asInt()).isEqualTo(10_000);
		assertThat(wall).isLessThan(Duration.ofSeconds(60));
	}

	@Test
	void aFailingJobIsRetriedWithBackoffUntilItSucceeds() {
		String id = submit("flaky", "{\"failures\":2}", "{\"maxAttempts\":3,\"backoff\":\"PT0.2S\"}");

		JsonNode job = this.api.awaitJob(id, 30);

		assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("attempts").asInt()).isEqualTo(3);
		assertThat(job.get("result").asInt()).isEqualTo(3);
		assertThat(job.get("execution").get("attempt").asInt()).isEqualTo(3);
	}

	@Test
	void aJobThatKeepsFailingEndsFailedWithItsErrorAndADeadLetter() {
		String id = submit("flaky", "{\"failures\":5}", "{\"maxAttempts\":2,\"backoff\":\"PT0.1S\"}");

		JsonNode job = this.api.awaitJob(id, 30);

		assertThat(job.get("state").asString()).isEqualTo("FAILED");
		assertThat(job.get("attempts").asInt()).isEqualTo(2);
		assertThat(job.get("error").get("type").asString()).isEqualTo("EXCEPTION");
		assertThat(job.get("error").get("message").asString()).contains("flaky failure on attempt 2");
		var topics = new Topics(this.stack.prefix());
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TopicRecords.all(topics.deadLetter())).anySatisfy((letter) -> {
				assertThat(header(letter.headers().lastHeader(DeadLetterHeaders.ORIGIN).value())).contains(id);
				assertThat(header(letter.headers().lastHeader(DeadLetterHeaders.REASON).value()))
					.isEqualTo("exhausted");
			}));
	}

	@Test
	void aRetryWaitingOutItsBackoffDoesNotHoldUpTheJobsBehindIt() {
		String flaky = submit("flaky", "{\"failures\":1}", "{\"maxAttempts\":2,\"backoff\":\"PT8S\"}");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.api.get("/api/v1/jobs/" + flaky).json().get("attempts").asInt() == 2);
		JsonNode waiting = this.api.get("/api/v1/jobs/" + flaky).json();
		assertThat(waiting.get("state").asString()).isEqualTo("QUEUED");
		Instant nextAttemptAt = Instant.parse(waiting.get("nextAttemptAt").asString());
		assertThat(waiting.get("error").get("message").asString()).contains("attempt 1");

		var batch = this.api.post("/api/v1/jobs/batch", "{\"task\":\"noop\",\"items\":[{},{},{},{},{},{},{},{}]}");
		JsonNode done = this.api.get("/api/v1/batches/" + batch.json().get("batchId").asString() + "?waitSeconds=20")
			.json();

		assertThat(done.get("succeeded").asInt()).isEqualTo(8);
		assertThat(Instant.now()).isBefore(nextAttemptAt);
		assertThat(state(flaky)).isEqualTo("QUEUED");
		JsonNode retried = this.api.awaitJob(flaky, 30);
		assertThat(retried.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(Instant.parse(retried.get("startedAt").asString())).isAfterOrEqualTo(nextAttemptAt);
	}

	@Test
	void aTimedOutJobIsInterruptedAndFailedAtItsDeadline() {
		String id = submit("sleep", "{\"ms\":10000}", "{\"maxAttempts\":1,\"timeout\":\"PT0.5S\"}");

		JsonNode job = this.api.awaitJob(id, 30);

		assertThat(job.get("state").asString()).isEqualTo("FAILED");
		assertThat(job.get("error").get("type").asString()).isEqualTo("TIMEOUT");
		assertThat(runMillis(job)).isBetween(400L, 3000L);
	}

	@Test
	void aTaskThatIgnoresItsInterruptIsStillReportedTimedOutAtTheDeadline() {
		String id = submit("stubborn", "{\"ms\":6000}", "{\"maxAttempts\":1,\"timeout\":\"PT0.3S\"}");

		JsonNode job = this.api.awaitJob(id, 30);

		assertThat(job.get("state").asString()).isEqualTo("FAILED");
		assertThat(job.get("error").get("type").asString()).isEqualTo("TIMEOUT");
		assertThat(runMillis(job)).isLessThan(3000L);
	}

	@Test
	void cancellingARunningJobInterruptsIt() {
		String id = this.api.submit("sleep", "{\"ms\":30000}");
		await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("RUNNING"));

		var response = this.api.delete("/api/v1/jobs/" + id);

		assertThat(response.status()).isEqualTo(202);
		assertThat(response.json().get("state").asString()).isEqualTo("CANCELLED");
		assertThat(this.api.awaitJob(id, 10).get("state").asString()).isEqualTo("CANCELLED");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(events(id))
				.anySatisfy((event) -> assertThat(event).isInstanceOfSatisfying(JobEvent.Cancelled.class,
						(cancelled) -> assertThat(cancelled.execution())
							.as("the worker interrupted the running attempt")
							.isNotNull())));
	}

	@Test
	void aCancelledJobWaitingForItsRetryNeverRunsAgain() {
		String id = submit("flaky", "{\"failures\":1}", "{\"maxAttempts\":2,\"backoff\":\"PT3S\"}");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.api.get("/api/v1/jobs/" + id).json().get("attempts").asInt() == 2);
		Instant nextAttemptAt = Instant
			.parse(this.api.get("/api/v1/jobs/" + id).json().get("nextAttemptAt").asString());

		assertThat(this.api.delete("/api/v1/jobs/" + id).status()).isEqualTo(202);

		// the retry's timer fires, and the worker confirms it skipped the cancelled job
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(events(id)).anySatisfy(
					(event) -> assertThat(event).isInstanceOfSatisfying(JobEvent.Cancelled.class, (cancelled) -> {
						assertThat(cancelled.at()).isAfterOrEqualTo(nextAttemptAt);
						assertThat(cancelled.execution()).as("never started").isNull();
					})));
		assertThat(events(id)).noneMatch((event) -> event instanceof JobEvent.Running && event.attempt() == 2);
		assertThat(state(id)).isEqualTo("CANCELLED");
	}

	@Test
	void cancellingAFinishedJobIsAConflictAndAnUnknownOneIsNotFound() {
		String id = this.api.submit("noop", "{}");
		assertThat(this.api.awaitJob(id, 30).get("state").asString()).isEqualTo("SUCCEEDED");

		var finished = this.api.delete("/api/v1/jobs/" + id);
		var unknown = this.api.delete("/api/v1/jobs/0192f1c2-7a4e-7c01-9a8b-3f2e1d0c4b5a");

		assertThat(finished.status()).isEqualTo(409);
		assertThat(finished.json().get("type").asString()).endsWith("/job-finished");
		assertThat(unknown.status()).isEqualTo(404);
	}

	/** Every event published about the job, by the API or a worker. */
	private List<JobEvent> events(String id) {
		TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS), Topics.MAX_RECORD_BYTES);
		return TopicRecords.all(new Topics(this.stack.prefix()).jobEvents())
			.stream()
			.flatMap((record) -> codec.decode(record.value(), EventEnvelope.class).events().stream())
			.filter((event) -> event.id().toString().equals(id))
			.toList();
	}

	@Test
	void jobsSharingAKeyRunOneAtATimeInSubmissionOrderAcrossRetries() {
		// the first job fails twice and waits out two backoffs: nothing of its key may
		// pass it
		List<String> keyed = new ArrayList<>();
		keyed.add(submit("flaky", "{\"failures\":2}", "{\"key\":\"account-7\",\"backoff\":\"PT0.3S\"}"));
		for (int i = 0; i < 8; i++) {
			keyed.add(submit("sleep", "{\"ms\":30}", "{\"key\":\"account-7\"}"));
		}
		String unkeyed = submit("sleep", "{\"ms\":30}", "{}");

		List<JsonNode> jobs = keyed.stream().map((id) -> this.api.awaitJob(id, 30)).toList();

		assertThat(jobs).allSatisfy((job) -> assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED"));
		assertThat(jobs.getFirst().get("attempts").asInt()).isEqualTo(3);
		for (int i = 1; i < jobs.size(); i++) {
			Instant previousFinished = Instant.parse(jobs.get(i - 1).get("finishedAt").asString());
			Instant started = Instant.parse(jobs.get(i).get("startedAt").asString());
			assertThat(started).as("job %d of the key starts after job %d finished", i, i - 1)
				.isAfterOrEqualTo(previousFinished);
		}
		// a job without a key is not held up by the key's retries
		JsonNode free = this.api.awaitJob(unkeyed, 30);
		assertThat(Instant.parse(free.get("finishedAt").asString()))
			.isBefore(Instant.parse(jobs.getFirst().get("finishedAt").asString()));
	}

	@Test
	void aKeyedBatchRunsItsItemsOneAfterAnotherInItemOrder() {
		String items = IntStream.range(0, 12).mapToObj((i) -> "{\"ms\":20}").collect(Collectors.joining(","));
		var response = this.api.post("/api/v1/jobs/batch",
				"{\"task\":\"sleep\",\"items\":[" + items + "],\"options\":{\"key\":\"ledger\",\"chunkSize\":5}}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);

		List<JsonNode> jobs = new ArrayList<>();
		for (JsonNode id : response.json().get("ids")) {
			jobs.add(this.api.awaitJob(id.asString(), 30));
		}

		for (int i = 1; i < jobs.size(); i++) {
			assertThat(Instant.parse(jobs.get(i).get("startedAt").asString()))
				.isAfterOrEqualTo(Instant.parse(jobs.get(i - 1).get("finishedAt").asString()));
		}
	}

	private String submit(String task, String args, String options) {
		var response = this.api.post("/api/v1/jobs",
				"{\"task\":\"" + task + "\",\"args\":" + args + ",\"options\":" + options + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("id").asString();
	}

	private String state(String id) {
		return this.api.get("/api/v1/jobs/" + id).json().get("state").asString();
	}

	private static long runMillis(JsonNode job) {
		return Duration
			.between(Instant.parse(job.get("startedAt").asString()), Instant.parse(job.get("finishedAt").asString()))
			.toMillis();
	}

	private static String header(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

}
