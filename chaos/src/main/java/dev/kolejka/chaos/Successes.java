package dev.kolejka.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.JobEvent;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every {@code Succeeded} event of the soak's jobs on {@code job-events}, read from the
 * beginning to the end offsets as they are when it is called: more than one for a job
 * means the job ran to success more than once.
 */
final class Successes {

	private Successes() {
	}

	static Map<String, List<JobEvent.Succeeded>> of(String bootstrapServers, String topicPrefix, Set<String> jobs) {
		TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(new TaskSettings(true)), Topics.MAX_RECORD_BYTES);
		var successes = new HashMap<String, List<JobEvent.Succeeded>>();
		try (var consumer = new KafkaConsumer<>(
				Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			String topic = new Topics(topicPrefix).jobEvents();
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("job-events not read to its end in 2 minutes");
				}
				for (var record : consumer.poll(Duration.ofMillis(500))) {
					if (record.value() == null) {
						continue;
					}
					for (JobEvent event : decode(codec, record.value())) {
						if (event instanceof JobEvent.Succeeded succeeded && jobs.contains(succeeded.id().toString())) {
							successes.computeIfAbsent(succeeded.id().toString(), (id) -> new ArrayList<>())
								.add(succeeded);
						}
					}
				}
			}
		}
		return successes;
	}

	private static List<JobEvent> decode(TaskCodec codec, byte[] value) {
		try {
			return codec.decode(value, EventEnvelope.class).events();
		}
		catch (RuntimeException ex) {
			// not an event the engine wrote: the status view skips it, so do we
			return List.of();
		}
	}

}
