package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.DeadLetterHeaders;
import dev.kolejka.topic.Topics;
import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.builtin.CpuBurnTask;
import dev.kolejka.task.builtin.NoopTask;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import java.util.Map;

import dev.kolejka.testing.KafkaFixture;

/**
 * Submit over REST → Kafka → a worker → the result read back over REST, for every
 * built-in task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobFlowIT {

	private final Stack stack = new Stack(JobFlowIT.class);

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
	void noopSucceedsWithNullAndReportsWhereItRan() {
		JsonNode job = finished(this.api.submit("noop", "{}"));

		assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("result").isNull()).isTrue();
		JsonNode execution = job.get("execution");
		assertThat(execution.get("workerId").asString()).isEqualTo("worker-1");
		assertThat(execution.get("pool").asString()).isEqualTo("cpu");
		assertThat(execution.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
		assertThat(execution.get("thread").asString()).startsWith("kolejka-cpu-");
		assertThat(execution.get("attempt").asInt()).isEqualTo(1);
		assertThat(job.get("attempts").asInt()).isEqualTo(1);
		assertThat(job.get("submittedAt").isNull()).isFalse();
		assertThat(job.get("options").get("maxAttempts").asInt()).isEqualTo(3);
		assertThat(job.get("startedAt").isNull()).isFalse();
		assertThat(job.get("finishedAt").isNull()).isFalse();
		assertThat(job.propertyNames()).containsExactlyInAnyOrder("id", "task", "state", "attempts", "options",
				"result", "error", "submittedAt", "startedAt", "finishedAt", "nextAttemptAt", "execution");
	}

	@Test
	void wordLengthsOfThePiMnemonic() {
		JsonNode job = finished(this.api.submit("word-lengths", "{\"text\":\"How I wish I could calculate pi\"}"));

		assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("result").toString()).isEqualTo("[3,1,4,1,5,9,2]");
	}

	@Test
	void maxMatchesSplittableRandomWhenForkedIntoChunks() {
		var random = new SplittableRandom(2024);
		long expected = LongStream.generate(random::nextLong).limit(200_000).max().orElseThrow();

		JsonNode job = finished(this.api.submit("max", "{\"count\":200000,\"seed\":2024,\"chunks\":8}"));

		assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("result").get("max").asLong()).isEqualTo(expected);
	}

	@Test
	void cpuBurnReturnsTheDigestChain() throws Exception {
		var sha256 = MessageDigest.getInstance("SHA-256");
		byte[] state = new byte[32];
		for (int i = 0; i < 1000; i++) {
			state = sha256.digest(state);
		}

		JsonNode job = finished(this.api.submit("cpu-burn", "{\"iterations\":1000}"));

		assertThat(job.get("result").get("digest").asString()).isEqualTo(HexFormat.of().formatHex(state));
	}

	@Test
	void sleepRunsOnAVirtualThreadOfTheIoPool() {
		JsonNode job = finished(this.api.submit("sleep", "{\"ms\":50}"));

		assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("result").get("sleptMs").asInt()).isEqualTo(50);
		assertThat(job.get("execution").get("pool").asString()).isEqualTo("io");
		assertThat(job.get("execution").get("thread").asString()).startsWith("kolejka-io-");
		assertThat(job.get("execution").get("runMs").asLong()).isGreaterThanOrEqualTo(50);
	}

	@Test
	void countSucceedsAndNamesItsCounter() {
		JsonNode job = finished(this.api.submit("count", "{\"counter\":\"flow-hits\",\"by\":3}"));

		assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("result").get("counter").asString()).isEqualTo("flow-hits");
	}

	@Test
	void aJobForTheProcessPoolRunsInAChildProcessOfItsWorker() {
		var accepted = this.api.post("/api/v1/jobs",
				"{\"task\":\"sleep\",\"args\":{\"ms\":1},\"options\":{\"pool\":\"process\"}}");

		JsonNode job = finished(accepted.json().get("id").asString());

		assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.at("/execution/pool").asString()).isEqualTo("process");
		assertThat(job.at("/execution/pid").asLong()).isNotEqualTo(ProcessHandle.current().pid());
		assertThat(job.at("/result/sleptMs").asInt()).isEqualTo(1);
	}

	@Test
	void batchOfAThousandReturnsResultsInItemOrder() {
		List<String> texts = IntStream.range(0, 1000)
			.mapToObj((i) -> "w".repeat(1 + i % 7) + " " + "v".repeat(1 + i % 5) + " x" + i)
			.toList();
		String items = texts.stream().map((text) -> "{\"text\":\"" + text + "\"}").collect(Collectors.joining(","));

		var accepted = this.api.post("/api/v1/jobs/batch", "{\"task\":\"word-lengths\",\"items\":[" + items + "]}");

		assertThat(accepted.status()).isEqualTo(202);
		String batchId = accepted.json().get("batchId").asString();
		assertThat(accepted.json().get("ids").size()).isEqualTo(1000);
		JsonNode batch = this.api.get("/api/v1/batches/" + batchId + "?waitSeconds=60").json();
		assertThat(batch.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(batch.get("total").asInt()).isEqualTo(1000);
		assertThat(batch.get("succeeded").asInt()).isEqualTo(1000);
		var results = new ArrayList<String>();
		batch.get("results").values().forEach((result) -> results.add(result.toString()));
		assertThat(results).containsExactlyElementsOf(texts.stream()
			.map((text) -> "[" + text.split(" ")[0].length() + "," + text.split(" ")[1].length() + ","
					+ text.split(" ")[2].length() + "]")
			.toList());
	}

	@Test
	void undecodableRecordIsDeadLetteredWithItsReasonAndTheWorkerCarriesOn() {
		var topics = new Topics(this.stack.prefix());
		try (var producer = new KafkaProducer<String, byte[]>(
				Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(topics.jobs(), "garbage", "not a job".getBytes(StandardCharsets.UTF_8)));
		}

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(TopicRecords.all(topics.deadLetter())).anySatisfy((letter) -> {
				assertThat(letter.value()).asString(StandardCharsets.UTF_8).isEqualTo("not a job");
				assertThat(new String(letter.headers().lastHeader(DeadLetterHeaders.REASON).value(),
						StandardCharsets.UTF_8))
					.isEqualTo("malformed");
			}));
		assertThat(finished(this.api.submit("noop", "{}")).get("state").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void hostileValuesWrittenStraightToKafkaEndInvalidAndNothingRuns() {
		var topics = new Topics(this.stack.prefix());
		var codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS), Topics.MAX_RECORD_BYTES);
		var owned = JobOptions.DEFAULTS.ownedBy("admin", null);
		var burn = new JobSubmission(JobId.newId(Clock.systemUTC()), "cpu-burn", new CpuBurnTask(Integer.MAX_VALUE),
				owned, Instant.now(), 1, null);
		var poison = new JobSubmission(JobId.newId(Clock.systemUTC()), "noop", new NoopTask(),
				new JobOptions(null, 3, Duration.ofSeconds(1), Duration.ofHours(2_562_048), null, "admin", null),
				Instant.now(), 1, null);
		try (var producer = new KafkaProducer<String, byte[]>(
				Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(
					new ProducerRecord<>(topics.jobs(), "hostile", codec.encode(new JobChunk(List.of(burn, poison)))));
		}

		for (JobSubmission hostile : List.of(burn, poison)) {
			JsonNode job = finished(hostile.id().toString());
			assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("FAILED");
			assertThat(job.get("error").get("type").asString()).isEqualTo("INVALID");
			assertThat(job.get("attempts").asInt()).isEqualTo(1);
			assertThat(job.get("execution").isNull()).as(job.toString()).isTrue();
		}
	}

	private JsonNode finished(String id) {
		JsonNode job = this.api.awaitJob(id, 60);
		assertThat(job.get("state").asString()).as(job.toString()).isIn("SUCCEEDED", "FAILED", "CANCELLED");
		return job;
	}

}
