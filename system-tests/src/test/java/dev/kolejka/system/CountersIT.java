package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.Execution;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared counters are exact cluster-wide: across workers and pools, under contention, and
 * against duplicates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CountersIT {

	private final Stack stack = new Stack(CountersIT.class);

	private ApiClient api;

	@BeforeAll
	void start() {
		this.stack.start(2);
		this.api = this.stack.client();
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	@Test
	void twoThousandCountJobsOnTwoWorkersAndBothPoolsAddUpExactly() {
		for (String pool : List.of("cpu", "io")) {
			String items = IntStream.range(0, 1000)
				.mapToObj((i) -> "{\"counter\":\"visits\",\"by\":1}")
				.collect(Collectors.joining(","));
			var batch = this.api.post("/api/v1/jobs/batch",
					"{\"task\":\"count\",\"items\":[" + items + "],\"options\":{\"pool\":\"" + pool + "\"}}");
			assertThat(batch.status()).isEqualTo(202);
		}

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.api.get("/api/v1/counters/visits").json().get("value").asLong())
				.isEqualTo(2000));
		assertThat(this.api.get("/api/v1/counters").json().findValuesAsString("name")).contains("visits");
	}

	@Test
	void eightThreadsIncrementingOneCounterInsideOneJobLoseNoUpdate() {
		String id = this.api.submit("race", "{\"counter\":\"race\",\"threads\":8,\"increments\":10000}");

		assertThat(this.api.awaitJob(id, 60).get("state").asString()).isEqualTo("SUCCEEDED");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.api.get("/api/v1/counters/race").json().get("value").asLong())
				.isEqualTo(80_000));
	}

	@Test
	void aSucceededEventDeliveredTwiceCountsOnce() {
		TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS), Topics.MAX_RECORD_BYTES);
		var id = new JobId(UUID.randomUUID());
		Instant now = Instant.now();
		var succeeded = new JobEvent.Succeeded(id, "count", 1, now, now,
				new Execution("worker-x", Pool.CPU, 1, "kolejka-cpu-1", 1, 0, 0), "{\"counter\":\"dup\"}",
				Map.of("dup", 5L), new JobEvent.Submission(JobOptions.DEFAULTS, now, null));
		byte[] record = codec.encode(EventEnvelope.of(List.of(succeeded)));
		var markerId = new JobId(UUID.randomUUID());
		var marker = new JobEvent.Succeeded(markerId, "count", 1, now, now, succeeded.execution(),
				"{\"counter\":\"dup-marker\"}", Map.of("dup-marker", 1L), succeeded.submission());
		try (var producer = new KafkaProducer<String, byte[]>(
				Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()), new StringSerializer(),
				new ByteArraySerializer())) {
			String topic = new Topics(this.stack.prefix()).jobEvents();
			producer.send(new ProducerRecord<>(topic, id.toString(), record));
			producer.send(new ProducerRecord<>(topic, id.toString(), record));
			// behind both duplicates on the same partition: once the view shows it, it
			// has
			// applied the second duplicate too
			producer.send(new ProducerRecord<>(topic, id.toString(), codec.encode(EventEnvelope.of(List.of(marker)))));
		}

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.api.get("/api/v1/counters/dup-marker").json().get("value").asLong())
				.isEqualTo(1));
		assertThat(this.api.get("/api/v1/jobs/" + id).json().get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(this.api.get("/api/v1/counters/dup").json().get("value").asLong()).isEqualTo(5);
	}

	@Test
	void anUnknownCounterIsA404Problem() {
		var response = this.api.get("/api/v1/counters/never-counted");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("type").asString()).endsWith("/counter-not-found");
	}

}
