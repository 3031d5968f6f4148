package dev.kolejka.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.JobEvent;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@link SucceededEvents} for a test that asks again and again while a run goes on: one
 * consumer follows job-events and keeps every batch job's {@code Succeeded} event, so
 * each question reads only what is new. Used from one thread.
 */
final class SucceededEventsTail implements AutoCloseable {

	private final TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS),
			Topics.MAX_RECORD_BYTES);

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<TopicPartition> partitions;

	private final List<JobEvent.Succeeded> successes = new ArrayList<>();

	SucceededEventsTail(String topicPrefix) {
		String topic = new Topics(topicPrefix).jobEvents();
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID(),
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(10))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(this.partitions);
		this.consumer.seekToBeginning(this.partitions);
	}

	/** The successes of the batches' jobs written so far. */
	SucceededEvents of(Collection<String> batchIds) {
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(this.partitions);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!caughtUp(ends) && System.nanoTime() < deadline) {
			for (var record : this.consumer.poll(Duration.ofMillis(100))) {
				for (JobEvent event : this.codec.decode(record.value(), EventEnvelope.class).events()) {
					if (event instanceof JobEvent.Succeeded succeeded && succeeded.submission().batch() != null) {
						this.successes.add(succeeded);
					}
				}
			}
		}
		return new SucceededEvents(this.successes.stream()
			.filter((succeeded) -> batchIds.contains(succeeded.submission().batch().batchId().toString()))
			.toList());
	}

	private boolean caughtUp(Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> this.consumer.position(end.getKey()) >= end.getValue());
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
