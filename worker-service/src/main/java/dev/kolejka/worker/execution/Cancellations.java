package dev.kolejka.worker.execution;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import dev.kolejka.job.JobId;
import dev.kolejka.topic.JobHeaders;
import dev.kolejka.spring.TopicProperties;
import dev.kolejka.topic.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The jobs cancelled, as every worker must know them: read from the {@code control} topic
 * by each worker in full (no consumer group). A queued job that was cancelled is never
 * started; a running one gets its cancel hook called.
 *
 * <p>
 * Why from the beginning, and why {@link #start} waits: a cancelled job may sit behind a
 * backlog for a long time, and the worker that finally takes it may have started long
 * after the cancel. So a cancel is remembered as long as {@code job-events} keeps a job's
 * history ({@code kolejka.topics.event-retention}, which is also the control topic's
 * retention), and the job consumer, which starts after this, only takes jobs once every
 * cancel written before the worker started has been read.
 */
@Component
public class Cancellations implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Cancellations.class);

	/** The longest {@link #start} waits to catch up with the control topic. */
	private static final Duration CATCH_UP = Duration.ofSeconds(30);

	/** How long a cancellation is remembered. */
	private final Duration memory;

	private final Map<JobId, Instant> cancelled = new ConcurrentHashMap<>();

	private final Map<JobId, Runnable> running = new ConcurrentHashMap<>();

	private final ConsumerFactory<String, byte[]> consumers;

	private final String topic;

	private final Clock clock;

	private volatile boolean active;

	private Instant nextSweep = Instant.MIN;

	private volatile @Nullable Consumer<String, byte[]> consumer;

	Cancellations(ConsumerFactory<String, byte[]> consumers, Topics topics, TopicProperties topicProperties,
			Clock clock) {
		this.memory = topicProperties.eventRetention();
		this.consumers = consumers;
		this.topic = topics.control();
		this.clock = clock;
	}

	public boolean isCancelled(JobId id) {
		return this.cancelled.containsKey(id);
	}

	/**
	 * Registers what to do if the job is cancelled while it runs; calls it at once if it
	 * already was. Close the returned handle when the attempt ends.
	 */
	public AutoCloseable whileRunning(JobId id, Runnable onCancel) {
		this.running.put(id, onCancel);
		if (isCancelled(id)) {
			onCancel.run();
		}
		return () -> this.running.remove(id, onCancel);
	}

	@Override
	public void start() {
		var properties = new Properties();
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		Consumer<String, byte[]> reader = this.consumers.createConsumer(null, null, "-control", properties);
		List<TopicPartition> partitions = reader.partitionsFor(this.topic)
			.stream()
			.map((info) -> new TopicPartition(this.topic, info.partition()))
			.toList();
		reader.assign(partitions);
		reader.seekToBeginning(partitions);
		catchUp(reader, reader.endOffsets(partitions));
		this.consumer = reader;
		this.active = true;
		Thread.ofPlatform().name("kolejka-control").daemon().start(() -> readLoop(reader));
	}

	private void catchUp(Consumer<String, byte[]> reader, Map<TopicPartition, Long> ends) {
		long deadline = System.nanoTime() + CATCH_UP.toNanos();
		while (ends.entrySet().stream().anyMatch((end) -> reader.position(end.getKey()) < end.getValue())) {
			if (System.nanoTime() > deadline) {
				logger.warn("Still reading cancellations after " + CATCH_UP + "; taking jobs anyway");
				return;
			}
			for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(100))) {
				apply(record);
			}
		}
	}

	private void readLoop(Consumer<String, byte[]> reader) {
		try (reader) {
			while (this.active) {
				for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
					apply(record);
				}
				forgetOld();
			}
		}
		catch (WakeupException ex) {
			logger.debug("Control reader woken up to stop");
		}
		catch (RuntimeException ex) {
			logger.error("The control reader stopped: cancellations will not reach this worker; restart it", ex);
		}
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		if (record.key() == null || record.value() == null
				|| !JobHeaders.CANCEL.equals(new String(record.value(), StandardCharsets.UTF_8))) {
			return;
		}
		JobId id;
		try {
			id = JobId.parse(record.key());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignoring a control record with a malformed job id: " + record.key());
			return;
		}
		this.cancelled.put(id, Instant.ofEpochMilli(record.timestamp()));
		Runnable onCancel = this.running.get(id);
		if (onCancel != null) {
			onCancel.run();
		}
	}

	private void forgetOld() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.nextSweep)) {
			return;
		}
		this.nextSweep = now.plusSeconds(60);
		Instant horizon = now.minus(this.memory);
		this.cancelled.values().removeIf((at) -> at.isBefore(horizon));
	}

	@Override
	public void stop() {
		this.active = false;
		Consumer<String, byte[]> reader = this.consumer;
		if (reader != null) {
			reader.wakeup();
		}
	}

	@Override
	public boolean isRunning() {
		return this.active;
	}

	/**
	 * Starts before the job consumer, so no job starts before the cancellations are
	 * known.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 200;
	}

}
