package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.builtin.NoopTask;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.DeadLetterHeaders;
import dev.kolejka.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Whatever a client sends or a record holds, nothing wedges: on a single partition, where
 * one stuck record would stop every commit behind it, each poison input ends its own job
 * (or its record in the dead-letter topic) and a plain job submitted after it still runs
 * and the partition's committed offset keeps up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonInputIT {

	/** Overflows {@code Duration.toNanos()}: about 292 years. */
	private static final String CENTURIES = "PT2562048H";

	private final Stack stack = new Stack(PoisonInputIT.class, "kolejka.topics.partitions=1",
			"kolejka.worker.shutdown-grace=1s");

	private final TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS),
			Topics.MAX_RECORD_BYTES);

	private ApiClient api;

	private Topics topics;

	@BeforeAll
	void start() {
		this.stack.start(1);
		this.api = this.stack.client();
		this.topics = new Topics(this.stack.prefix());
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	/**
	 * The partition still moves: a job submitted now runs to the end, and the workers'
	 * committed offset on {@code jobs} reaches the end of the partition, so no record
	 * before it is left unsettled.
	 */
	@AfterEach
	void partitionStillMoves() {
		assertThat(this.api.awaitJob(this.api.submit("noop", "{}"), 30).get("state").asString()).isEqualTo("SUCCEEDED");
		var partition = new TopicPartition(this.topics.jobs(), 0);
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
					.partitionResult(partition)
					.get()
					.offset();
				OffsetAndMetadata committed = admin.listConsumerGroupOffsets(Topics.WORKER_GROUP)
					.partitionsToOffsetAndMetadata()
					.get()
					.get(partition);
				assertThat(committed).isNotNull();
				assertThat(committed.offset()).isEqualTo(end);
			});
		}
	}

	/**
	 * A timeout or backoff too long for arithmetic is refused at the API; written
	 * straight to Kafka it ends its job {@code INVALID} on any pool, and the partition
	 * moves on.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "cpu", "io", "process" })
	void optionsTooLongForArithmeticAreRefusedAtTheDoorAndEndInvalidWhenWrittenStraightToKafka(String pool) {
		var tooLong = Duration.ofHours(2_562_048);
		Pool kind = Pool.fromId(pool).orElseThrow();
		var timeout = new JobOptions(kind, 3, Duration.ofSeconds(1), tooLong, null, "admin", null);
		var backoff = new JobOptions(kind, 3, tooLong, null, null, "admin", null);

		var refused = this.api.post("/api/v1/jobs", "{\"task\":\"noop\",\"args\":{},\"options\":{\"pool\":\"" + pool
				+ "\",\"timeout\":\"" + CENTURIES + "\",\"backoff\":\"" + CENTURIES + "\"}}");
		List<JobId> written = List.of(writeStraight(timeout), writeStraight(backoff));

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		for (JobId id : written) {
			JsonNode job = this.api.awaitJob(id.toString(), 60);
			assertThat(job.get("state").asString()).isEqualTo("FAILED");
			assertThat(job.get("error").get("type").asString()).isEqualTo("INVALID");
		}
	}

	private JobId writeStraight(JobOptions options) {
		var job = new JobSubmission(JobId.newId(Clock.systemUTC()), "noop", new NoopTask(), options, Instant.now(), 1,
				null);
		send(new ProducerRecord<>(this.topics.jobs(), job.id().toString(), this.codec.encode(JobChunk.of(job))));
		return job.id();
	}

	@Test
	void errorsThatAreNotExceptionsEndTheirJobAndReleaseTheirKey() {
		String assertion = submit("error", "{\"kind\":\"assertion\",\"size\":0}", "{\"maxAttempts\":1,\"key\":\"k\"}");
		String linkage = submit("error", "{\"kind\":\"linkage\",\"size\":0}", "{\"maxAttempts\":1,\"key\":\"k\"}");
		String after = submit("noop", "{}", "{\"key\":\"k\"}");

		JsonNode failed = this.api.awaitJob(assertion, 30);
		assertThat(failed.get("state").asString()).isEqualTo("FAILED");
		assertThat(failed.get("error").get("message").asString()).contains("AssertionError");
		assertThat(this.api.awaitJob(linkage, 30).get("error").get("message").asString())
			.contains("NoClassDefFoundError");
		assertThat(this.api.awaitJob(after, 30).get("state").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void anExceptionMessageOfMegabytesIsCutAndItsJobStillEnds() {
		String id = submit("error", "{\"kind\":\"huge-message\",\"size\":3000000}", "{\"maxAttempts\":1}");

		JsonNode job = this.api.awaitJob(id, 30);

		assertThat(job.get("state").asString()).isEqualTo("FAILED");
		assertThat(job.get("error").get("message").asString().length()).isLessThanOrEqualTo(1024);
	}

	@Test
	void aSuccessWhoseCountersCannotBePublishedEndsInvalidAndTheJobsBesideItStillSettle() {
		String id = submit("error", "{\"kind\":\"many-counters\",\"size\":200000}", "{}");
		List<String> beside = java.util.stream.IntStream.range(0, 20)
			.mapToObj((i) -> this.api.submit("noop", "{}"))
			.toList();

		JsonNode job = this.api.awaitJob(id, 60);

		assertThat(job.get("state").asString()).isEqualTo("FAILED");
		assertThat(job.get("error").get("type").asString()).isEqualTo("INVALID");
		assertThat(beside).allSatisfy(
				(other) -> assertThat(this.api.awaitJob(other, 30).get("state").asString()).isEqualTo("SUCCEEDED"));
	}

	@Test
	void recordsThatHoldNoJobAreDeadLetteredWithTheirReason() {
		send(new ProducerRecord<>(this.topics.jobs(), "null-value", null));
		send(new ProducerRecord<>(this.topics.jobs(), "not-a-chunk", this.codec.encode(EventEnvelope.of(List.of()))));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(TopicRecords.all(this.topics.deadLetter())
				.stream()
				.filter((letter) -> letter.key() != null && letter.key().matches("null-value|not-a-chunk"))
				.map((letter) -> new String(letter.headers().lastHeader(DeadLetterHeaders.REASON).value(),
						StandardCharsets.UTF_8)))
				.hasSize(2)
				.allMatch((reason) -> !reason.isBlank()));
	}

	private void send(ProducerRecord<String, byte[]> record) {
		try (var producer = new KafkaProducer<String, byte[]>(
				Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(record);
		}
	}

	private String submit(String task, String args, String options) {
		var response = this.api.post("/api/v1/jobs",
				"{\"task\":\"" + task + "\",\"args\":" + args + ",\"options\":" + options + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("id").asString();
	}

}
