package dev.kolejka.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.kolejka.job.JobId;
import dev.kolejka.spring.TopicProperties;
import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.topic.JobHeaders;
import dev.kolejka.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Cancellations on a real broker: every cancel written before a worker starts is known
 * when {@link Cancellations#start} returns (the job consumer starts only after it), old
 * ones included, and one arriving later reaches a running job's hook.
 */
class CancellationsIT {

	private final Topics topics = new Topics(KafkaFixture.uniquePrefix(CancellationsIT.class));

	private Cancellations cancellations;

	@BeforeEach
	void topic() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(this.topics.control(), 1, (short) 1))).all().get();
		}
	}

	@AfterEach
	void stop() {
		if (this.cancellations != null) {
			this.cancellations.stop();
		}
	}

	@Test
	void everyCancelWrittenBeforeStartIsKnownWhenStartReturnsHoweverOld() {
		List<JobId> ids = IntStream.range(0, 500).mapToObj((i) -> new JobId(UUID.randomUUID())).toList();
		ids.forEach(this::cancel);
		// a worker starting two hours later: the cancels are older than the hour the
		// control reader used to look back
		var later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));

		this.cancellations = start(later);

		assertThat(ids).allMatch(this.cancellations::isCancelled);
	}

	@Test
	void aCancelArrivingWhileTheJobRunsCallsItsHookOnce() {
		this.cancellations = start(Clock.systemUTC());
		var id = new JobId(UUID.randomUUID());
		var calls = new AtomicInteger();

		try (AutoCloseable hook = this.cancellations.whileRunning(id, calls::incrementAndGet)) {
			cancel(id);

			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(calls).hasValue(1));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(this.cancellations.isCancelled(id)).isTrue();
	}

	private Cancellations start(Clock clock) {
		var consumers = new DefaultKafkaConsumerFactory<String, byte[]>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
				new StringDeserializer(), new ByteArrayDeserializer());
		var started = new Cancellations(consumers, this.topics,
				new TopicProperties("kolejka.", 1, (short) 1, Duration.ofDays(7)), clock);
		started.start();
		return started;
	}

	private void cancel(JobId id) {
		try (var producer = new KafkaProducer<String, byte[]>(
				Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(this.topics.control(), id.toString(),
					JobHeaders.CANCEL.getBytes(StandardCharsets.UTF_8)));
		}
	}

}
