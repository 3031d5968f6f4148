package dev.kolejka.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.ErrorType;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.Execution;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.builtin.NoopTask;
import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.DeadLetterHeaders;
import dev.kolejka.topic.JobHeaders;
import dev.kolejka.topic.Topics;
import dev.kolejka.worker.event.DurableSend;
import dev.kolejka.worker.event.EventPublisher;
import dev.kolejka.worker.event.KafkaSenders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Outcomes made durable on a real broker, through the worker's own event publisher and
 * durable sender: what lands on which topic, and when the job's record may be committed.
 */
class OutcomeReporterIT {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	private static final Execution EXECUTION = new Execution("worker-1", Pool.CPU, 1, "kolejka-cpu-1", 1, 0, 0);

	private static final JobError BOOM = new JobError(ErrorType.EXCEPTION, "boom", null);

	private final TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS),
			Topics.MAX_RECORD_BYTES);

	private final Topics topics = new Topics(KafkaFixture.uniquePrefix(OutcomeReporterIT.class));

	private DefaultKafkaProducerFactory<String, byte[]> producers;

	private EventPublisher events;

	private DurableSend sender;

	private OutcomeReporter reporter;

	private final CompletableFuture<Void> settled = new CompletableFuture<>();

	private final AtomicInteger settles = new AtomicInteger();

	@BeforeEach
	void wire() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(this.topics.jobEvents(), 3, (short) 1),
					new NewTopic(this.topics.retries(), 1, (short) 1),
					new NewTopic(this.topics.deadLetter(), 1, (short) 1)))
				.all()
				.get();
		}
		this.producers = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
						ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * Topics.MAX_RECORD_BYTES),
				new StringSerializer(), new ByteArraySerializer());
		var kafka = new KafkaTemplate<>(this.producers);
		this.events = KafkaSenders.eventPublisher(kafka, this.codec, this.topics);
		this.sender = KafkaSenders.durableSend(kafka);
		this.reporter = new OutcomeReporter(this.events, this.sender, this.codec, this.topics,
				new RetryPolicy(new SplittableRandom(7)), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@AfterEach
	void stop() {
		this.events.stop();
		this.sender.destroy();
		this.producers.destroy();
	}

	@Test
	void aSuccessPublishesSucceededAndSettlesOnlyOnceKafkaAcknowledgedIt() {
		JobSubmission job = job(1, null);

		this.reporter.succeeded(new JobEvent.Succeeded(job.id(), job.taskName(), 1, NOW, NOW, EXECUTION, "null",
				Map.of(), JobEvent.Submission.of(job)), this::settle);

		// the publisher is not sending yet: nothing is acknowledged, so nothing settles
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !this.settled.isDone());
		this.events.start();
		await().atMost(Duration.ofSeconds(30)).until(this.settled::isDone);
		assertThat(publishedEvents()).singleElement()
			.isInstanceOfSatisfying(JobEvent.Succeeded.class, (event) -> assertThat(event.id()).isEqualTo(job.id()));
		assertThat(this.settles).hasValue(1);
	}

	@Test
	void aRetryableFailureWithAttemptsLeftGoesToTheRetryTopicWithItsNotBeforeAndIsAnnouncedQueued() {
		this.events.start();
		JobSubmission job = job(1, null);

		this.reporter.failed(job, NOW, EXECUTION, BOOM, callbacks(true, null));

		await().atMost(Duration.ofSeconds(30)).until(this.settled::isDone);
		ConsumerRecord<String, byte[]> retry = single(this.topics.retries());
		assertThat(retry.key()).isEqualTo(job.id().toString());
		assertThat(this.codec.decode(retry.value(), JobChunk.class).jobs()).singleElement()
			.satisfies((next) -> assertThat(next.attempt()).isEqualTo(2));
		long notBefore = Long.parseLong(header(retry, JobHeaders.NOT_BEFORE));
		// backoff 1s for a first failure: between half and all of it, jittered
		assertThat(notBefore).isBetween(NOW.toEpochMilli() + 500, NOW.toEpochMilli() + 1001);
		assertThat(publishedEvents()).singleElement().isInstanceOfSatisfying(JobEvent.Queued.class, (queued) -> {
			assertThat(queued.attempt()).isEqualTo(2);
			assertThat(queued.nextAttemptAt()).isEqualTo(Instant.ofEpochMilli(notBefore));
			assertThat(queued.lastError()).isEqualTo(BOOM);
		});
		assertThat(TopicRecords.all(this.topics.deadLetter())).isEmpty();
	}

	@Test
	void aKeyedJobsFailureRetriesInPlaceAndDoesNotSettle() {
		this.events.start();
		JobSubmission job = job(1, "customer-7");
		var retried = new CompletableFuture<JobSubmission>();
		var retryAt = new CompletableFuture<Instant>();

		this.reporter.failed(job, NOW, EXECUTION, BOOM, callbacks(true, (next, notBefore) -> {
			retryAt.complete(notBefore);
			retried.complete(next);
		}));

		assertThat(retried).isCompletedWithValueMatching((next) -> next.attempt() == 2 && next.id().equals(job.id()));
		assertThat(retryAt.join()).isBetween(NOW.plusMillis(500), NOW.plusMillis(1000));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(publishedEvents()).singleElement().isInstanceOf(JobEvent.Queued.class));
		assertThat(this.settled).as("the record stays unsettled until the job's final outcome").isNotDone();
		assertThat(TopicRecords.all(this.topics.retries())).isEmpty();
		assertThat(TopicRecords.all(this.topics.deadLetter())).isEmpty();
	}

	@Test
	void aFinalFailurePublishesFailedAndADeadLetterWithItsReasonMessageAndOrigin() {
		this.events.start();
		JobSubmission job = job(3, null);

		this.reporter.failed(job, NOW, EXECUTION, BOOM, callbacks(true, null));

		await().atMost(Duration.ofSeconds(30)).until(this.settled::isDone);
		assertThat(publishedEvents()).singleElement()
			.isInstanceOfSatisfying(JobEvent.Failed.class, (failed) -> assertThat(failed.error()).isEqualTo(BOOM));
		ConsumerRecord<String, byte[]> letter = single(this.topics.deadLetter());
		assertThat(this.codec.decode(letter.value(), JobChunk.class).jobs()).singleElement()
			.satisfies((dead) -> assertThat(dead.id()).isEqualTo(job.id()));
		assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("exhausted");
		assertThat(header(letter, DeadLetterHeaders.MESSAGE)).isEqualTo("EXCEPTION: boom");
		assertThat(header(letter, DeadLetterHeaders.ORIGIN)).isEqualTo("job " + job.id() + " attempt 3");
		assertThat(this.settles).as("once, after both the event and the dead letter").hasValue(1);
		assertThat(TopicRecords.all(this.topics.retries())).isEmpty();
	}

	@Test
	void anInvalidJobIsDeadLetteredAtOnceWhateverAttemptsItHasLeft() {
		this.events.start();
		JobSubmission job = job(1, null);

		this.reporter.failed(job, null, null, JobError.invalid("no such argument"), callbacks(true, null));

		await().atMost(Duration.ofSeconds(30)).until(this.settled::isDone);
		assertThat(publishedEvents()).singleElement().isInstanceOf(JobEvent.Failed.class);
		assertThat(header(single(this.topics.deadLetter()), DeadLetterHeaders.REASON)).isEqualTo("invalid");
		assertThat(TopicRecords.all(this.topics.retries())).isEmpty();
	}

	@Test
	void aFailureAfterTheRecordWasHandedOverPublishesNothingAndOnlySettles() {
		this.events.start();
		var retried = new AtomicBoolean();

		// one that would retry through the topic, one in place, one dead-lettered
		this.reporter.failed(job(1, null), NOW, EXECUTION, BOOM, callbacks(false, null));
		this.reporter.failed(job(1, "customer-7"), NOW, EXECUTION, BOOM,
				callbacks(false, (next, notBefore) -> retried.set(true)));
		this.reporter.failed(job(3, null), NOW, EXECUTION, BOOM, callbacks(false, null));

		assertThat(this.settles).as("each settles at once, acknowledged or not").hasValue(3);
		assertThat(retried).isFalse();
		// a success reported after it, once acknowledged, shows the producer has sent
		// anything the handed-over failure had queued
		JobSubmission marker = job(1, null);
		var markerSettled = new CompletableFuture<Void>();
		this.reporter.succeeded(new JobEvent.Succeeded(marker.id(), marker.taskName(), 1, NOW, NOW, EXECUTION, "null",
				Map.of(), JobEvent.Submission.of(marker)), () -> markerSettled.complete(null));
		await().atMost(Duration.ofSeconds(30)).until(markerSettled::isDone);
		assertThat(publishedEvents()).extracting(JobEvent::id).containsExactly(marker.id());
		assertThat(TopicRecords.all(this.topics.retries())).isEmpty();
		assertThat(TopicRecords.all(this.topics.deadLetter())).isEmpty();
	}

	private AttemptCallbacks callbacks(boolean owned, AttemptCallbacks.@Nullable RetryInPlace retryInPlace) {
		return new AttemptCallbacks(() -> true, this::settle, () -> {
		}, retryInPlace, () -> owned);
	}

	private void settle() {
		this.settles.incrementAndGet();
		this.settled.complete(null);
	}

	private List<JobEvent> publishedEvents() {
		return TopicRecords.all(this.topics.jobEvents())
			.stream()
			.flatMap((record) -> this.codec.decode(record.value(), EventEnvelope.class).events().stream())
			.toList();
	}

	private static ConsumerRecord<String, byte[]> single(String topic) {
		List<ConsumerRecord<String, byte[]>> records = TopicRecords.all(topic);
		assertThat(records).hasSize(1);
		return records.getFirst();
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		assertThat(header).as("header " + name).isNotNull();
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	private static JobSubmission job(int attempt, @Nullable String key) {
		var options = new JobOptions(null, 3, Duration.ofSeconds(1), null, key);
		return new JobSubmission(new JobId(UUID.randomUUID()), "noop", new NoopTask(), options, NOW, attempt, null);
	}

}
