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
import dev.kolejka.topic.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The jobs cancelled lately, as every worker must know them: read from the
 * {@code control} topic by each worker in full (no consumer group), starting an hour back
 * so a worker that starts later still honours a recent cancel. A queued job that was
 * cancelled is never started; a running one gets its cancel hook called.
 */
@Component
public class Cancellations implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Cancellations.class);

	/**
	 * How far back a starting worker reads, and how long a cancellation is remembered.
	 */
	static final Duration MEMORY = Duration.ofHours(1);

	private final Map<JobId, Instant> cancelled = new ConcurrentHashMap<>();

	private final Map<JobId, Runnable> running = new ConcurrentHashMap<>();

	private final ConsumerFactory<String, byte[]> consumers;

	private final String topic;

	private final Clock clock;

	private volatile boolean active;

	private volatile @Nullable Consumer<String, byte[]> consumer;

	Cancellations(ConsumerFactory<String, byte[]> consumers, Topics topics, Clock clock) {
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
		seekToRecent(reader, partitions);
		this.consumer = reader;
		this.active = true;
		Thread.ofPlatform().name("kolejka-control").daemon().start(() -> readLoop(reader));
	}

	private void seekToRecent(Consumer<String, byte[]> reader, List<TopicPartition> partitions) {
		long since = this.clock.instant().minus(MEMORY).toEpochMilli();
		var query = new java.util.HashMap<TopicPartition, Long>();
		partitions.forEach((partition) -> query.put(partition, since));
		Map<TopicPartition, OffsetAndTimestamp> offsets = reader.offsetsForTimes(query);
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp offset = offsets.get(partition);
			if (offset != null) {
				reader.seek(partition, offset.offset());
			}
			else {
				reader.seekToEnd(List.of(partition));
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
		if (record.key() == null || !JobHeaders.CANCEL.equals(new String(record.value(), StandardCharsets.UTF_8))) {
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
		Instant horizon = this.clock.instant().minus(MEMORY);
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
