package dev.kolejka.worker.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

	private static final Duration RUNNING_DELAY = Duration.ofSeconds(2);

	private static final Execution EXECUTION = new Execution("worker-1", Pool.CPU, 1, "kolejka-cpu-1", 1, 0, 0);

	private static final JobEvent.Submission SUBMISSION = new JobEvent.Submission(JobOptions.DEFAULTS, NOW, null);

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
		this.publisher = new EventPublisher(new KafkaTemplate<>(this.producers), this.codec, this.topics,
				RUNNING_DELAY);
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

	@Test
	void aRunningEventWithNothingElseToSendWaitsItsDelay() {
		JobId id = new JobId(UUID.randomUUID());
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		var acknowledged = new CompletableFuture<Void>();

		this.publisher.publish(running(id), () -> acknowledged.complete(null));

		await().atMost(Duration.ofSeconds(30)).until(acknowledged::isDone);
		assertThat(Instant.ofEpochMilli(recordOf(id).timestamp())).isAfterOrEqualTo(before.plus(RUNNING_DELAY));
	}

	@Test
	void aJobThatEndsWhileItsRunningEventWaitsPublishesOnlyItsTerminalEvent() {
		JobId id = new JobId(UUID.randomUUID());
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();

		this.publisher.publish(running(id), () -> acknowledged.add("running"));
		this.publisher.publish(succeeded(id, Map.of()), () -> acknowledged.add("succeeded"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(acknowledged).containsExactlyInAnyOrder("running", "succeeded"));
		assertThat(published()).filteredOn((event) -> event.id().equals(id))
			.singleElement()
			.isInstanceOf(JobEvent.Succeeded.class);
	}

	@Test
	void aWaitingRunningEventGoesOutWithTheNextEventOfAnotherJob() {
		JobId running = new JobId(UUID.randomUUID());
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();

		this.publisher.publish(running(running), () -> acknowledged.add("running"));
		this.publisher.publish(succeeded(Map.of()), () -> acknowledged.add("other job"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(acknowledged).containsExactlyInAnyOrder("running", "other job"));
		assertThat(Instant.ofEpochMilli(recordOf(running).timestamp())).isBefore(before.plus(RUNNING_DELAY));
	}

	@Test
	void stoppingPublishesTheRunningEventsStillWaiting() {
		JobId id = new JobId(UUID.randomUUID());
		this.publisher.publish(running(id), null);

		this.publisher.stop();

		assertThat(published()).filteredOn((event) -> event.id().equals(id))
			.singleElement()
			.isInstanceOf(JobEvent.Running.class);
	}

	private ConsumerRecord<String, byte[]> recordOf(JobId id) {
		List<ConsumerRecord<String, byte[]>> records = TopicRecords.all(this.topics.jobEvents())
			.stream()
			.filter((record) -> this.codec.decode(record.value(), EventEnvelope.class)
				.events()
				.stream()
				.anyMatch((event) -> event.id().equals(id)))
			.toList();
		assertThat(records).as("records with an event of %s", id).hasSize(1);
		return records.getFirst();
	}

	private List<JobEvent> published() {
		return TopicRecords.all(this.topics.jobEvents())
			.stream()
			.flatMap((record) -> this.codec.decode(record.value(), EventEnvelope.class).events().stream())
			.toList();
	}

	private static JobEvent.Running running(JobId id) {
		return new JobEvent.Running(id, "count", 1, NOW, EXECUTION, SUBMISSION);
	}

	private static JobEvent.Succeeded succeeded(Map<String, Long> counters) {
		return succeeded(new JobId(UUID.randomUUID()), counters);
	}

	private static JobEvent.Succeeded succeeded(JobId id, Map<String, Long> counters) {
		return new JobEvent.Succeeded(id, "count", 1, NOW, NOW, EXECUTION, "null", counters, SUBMISSION);
	}

}
