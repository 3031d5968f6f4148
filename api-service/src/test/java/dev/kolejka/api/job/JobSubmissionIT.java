package dev.kolejka.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.kolejka.api.ApiApplication;
import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.builtin.WordLengthsTask;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The submit path against a real broker, with no worker running: what a 202 guarantees,
 * and idempotency.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ApiApplication.class,
		properties = { ApiApplication.CONFIG_NAME, "management.server.port=0" })
class JobSubmissionIT {

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		ApiOnBroker.register(registry, JobSubmissionIT.class);
	}

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private TaskCodec codec;

	@Autowired
	private Topics topics;

	@Autowired
	private JobStatusStore store;

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void acceptedJobIsAlreadyDurablyInKafkaWhenThe202Arrives() {
		var response = this.api.post("/api/v1/jobs",
				"{\"task\":\"word-lengths\",\"args\":{\"text\":\"How I wish\"},\"options\":{\"maxAttempts\":5}}");

		assertThat(response.status()).isEqualTo(202);
		String id = response.json().get("id").asString();
		assertThat(response.location()).hasValue("/api/v1/jobs/" + id);
		assertThat(response.json().get("state").asString()).isEqualTo("QUEUED");
		List<JobSubmission> onKafka = jobsOnKafka();
		assertThat(onKafka).filteredOn((job) -> job.id().toString().equals(id)).singleElement().satisfies((job) -> {
			assertThat(job.task()).isEqualTo(new WordLengthsTask("How I wish"));
			assertThat(job.options().maxAttempts()).isEqualTo(5);
		});
	}

	@Test
	void statusViewShowsAnAcceptedJobAsQueued() {
		String id = this.api.submit("noop", "{}");

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			var response = this.api.get("/api/v1/jobs/" + id);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("state").asString()).isEqualTo("QUEUED");
			assertThat(response.json().get("task").asString()).isEqualTo("noop");
			assertThat(response.json().get("options").get("backoff").asString()).isEqualTo("PT1S");
		});
	}

	@Test
	void readingRightAfterThe202NeverAnswers404() {
		for (int i = 0; i < 50; i++) {
			String id = this.api.submit("noop", "{}");

			assertThat(this.api.get("/api/v1/jobs/" + id).status()).isEqualTo(200);
		}
		var batch = this.api.post("/api/v1/jobs/batch", "{\"task\":\"noop\",\"items\":[{},{},{}]}");
		String batchId = batch.json().get("batchId").asString();
		String firstJob = batch.json().get("ids").get(0).asString();

		assertThat(this.api.get("/api/v1/batches/" + batchId).json().get("total").asInt()).isEqualTo(3);
		assertThat(this.api.get("/api/v1/jobs/" + firstJob).status()).isEqualTo(200);
	}

	@Test
	void jobsTheViewShowsAreNoLongerHeldInMemoryEvenWhenItFoldsThemBeforeThe202() throws Exception {
		// 64 submits at a time: the view often folds a job's record before the request
		// thread that waited for its acknowledgement runs again
		try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
			var submits = new ArrayList<Future<String>>();
			for (int i = 0; i < 600; i++) {
				submits.add(clients.submit(() -> {
					String id = this.api.submit("noop", "{}");
					// read while the view folds it: the store forgets it from memory then
					assertThat(this.api.get("/api/v1/jobs/" + id).status()).as(id).isEqualTo(200);
					return id;
				}));
			}
			submits.add(clients
				.submit(() -> this.api.post("/api/v1/jobs/batch", "{\"task\":\"noop\",\"items\":[{},{},{},{}]}")
					.json()
					.get("batchId")
					.asString()));
			for (Future<String> submit : submits) {
				assertThat(submit.get()).isNotBlank();
			}
		}

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.store.remembered()).isZero());
	}

	@Test
	void repeatedSubmitWithTheSameIdempotencyKeyReturnsTheSameJobAndSendsItOnce() {
		String body = "{\"task\":\"count\",\"args\":{\"counter\":\"orders\",\"by\":1}}";

		var first = this.api.post("/api/v1/jobs", body, "application/json", "order-42");
		var second = this.api.post("/api/v1/jobs", body, "application/json", "order-42");
		var third = this.api.post("/api/v1/jobs", body, "application/json", "order-42");

		assertThat(first.status()).isEqualTo(202);
		assertThat(second.status()).isEqualTo(200);
		assertThat(third.status()).isEqualTo(200);
		String id = first.json().get("id").asString();
		assertThat(second.json().get("id").asString()).isEqualTo(id);
		assertThat(third.json().get("id").asString()).isEqualTo(id);
		assertThat(jobsOnKafka()).filteredOn((job) -> job.id().toString().equals(id)).hasSize(1);
	}

	@Test
	void unknownJobIsA404Problem() {
		var response = this.api.get("/api/v1/jobs/0192f1c2-7a4e-7c01-9a8b-3f2e1d0c4b5a");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType())
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.json().get("type").asString()).endsWith("/job-not-found");
	}

	@Test
	void taskListShowsEveryBuiltinTaskWithItsArgsSchema() {
		var tasks = this.api.get("/api/v1/tasks").json();

		assertThat(tasks.findValuesAsString("name")).contains("noop", "word-lengths", "max", "cpu-burn", "sleep",
				"count");
		var max = tasks.values().stream().filter((task) -> task.get("name").asString().equals("max")).findFirst();
		assertThat(max).get()
			.satisfies(
					(task) -> assertThat(task.get("argsSchema").get("properties").get("chunks").get("maximum").asInt())
						.isEqualTo(1024));
	}

	private List<JobSubmission> jobsOnKafka() {
		return TopicRecords.all(this.topics.jobs())
			.stream()
			.flatMap((record) -> this.codec.decode(record.value(), JobChunk.class).jobs().stream())
			.toList();
	}

}
