package dev.kolejka.worker.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.ErrorType;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.Execution;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The event publisher on a real broker: many events share a record, and one event that
 * cannot be encoded costs neither the events drained with it nor its own job's settling.
 */
class EventPublisherIT {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	private final TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS),
			Topics.MAX_RECORD_BYTES);

	private final Topics topics = new Topics(KafkaFixture.uniquePrefix(EventPublisherIT.class));

	private DefaultKafkaProducerFactory<String, byte[]> producers;

	private EventPublisher publisher;

	@BeforeEach
	void start() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(this.topics.jobEvents(), 3, (short) 1))).all().get();
		}
		this.producers = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
						ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * Topics.MAX_RECORD_BYTES),
				new StringSerializer(), new ByteArraySerializer());
		this.publisher = new EventPublisher(new KafkaTemplate<>(this.producers), this.codec, this.topics);
		this.publisher.start();
	}

	@AfterEach
	void stop() {
		this.publisher.stop();
		this.producers.destroy();
	}

	@Test
	void anEventTooLargeToEncodeIsReplacedByAnInvalidFailureAndEveryJobDrainedWithItSettles() {
		Set<JobId> acknowledged = ConcurrentHashMap.newKeySet();
		List<JobEvent.Succeeded> plain = IntStream.range(0, 40).mapToObj((i) -> succeeded(Map.of("c", 1L))).toList();
		var counters = new HashMap<String, Long>();
		IntStream.range(0, 100_000).forEach((i) -> counters.put("counter-" + i + "-padding-padding-padding", 1L));
		JobEvent.Succeeded huge = succeeded(counters);

		plain.subList(0, 20).forEach((event) -> this.publisher.publish(event, () -> acknowledged.add(event.id())));
		this.publisher.publish(huge, () -> acknowledged.add(huge.id()));
		plain.subList(20, 40).forEach((event) -> this.publisher.publish(event, () -> acknowledged.add(event.id())));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(acknowledged).hasSize(41));
		List<JobEvent> published = TopicRecords.all(this.topics.jobEvents())
			.stream()
			.flatMap((record) -> this.codec.decode(record.value(), EventEnvelope.class).events().stream())
			.toList();
		assertThat(published).filteredOn((event) -> event.id().equals(huge.id()))
			.singleElement()
			.isInstanceOfSatisfying(JobEvent.Failed.class,
					(failed) -> assertThat(failed.error().type()).isEqualTo(ErrorType.INVALID));
		assertThat(published).extracting(JobEvent::id).containsAll(plain.stream().map(JobEvent::id).toList());
	}

	private static JobEvent.Succeeded succeeded(Map<String, Long> counters) {
		return new JobEvent.Succeeded(new JobId(UUID.randomUUID()), "count", 1, NOW, NOW,
				new Execution("worker-1", Pool.CPU, 1, "kolejka-cpu-1", 1, 0, 0), "null", counters,
				new JobEvent.Submission(JobOptions.DEFAULTS, NOW, null));
	}

}
