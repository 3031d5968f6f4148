package dev.kolejka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what is really on a topic of the fixture's broker, from the beginning. */
public final class TopicRecords {

	private TopicRecords() {
	}

	/** Every record now on the topic (up to its end offsets at the time of the call). */
	public static List<ConsumerRecord<String, byte[]>> all(String topic) {
		try (var consumer = new KafkaConsumer<String, byte[]>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
			List<TopicPartition> partitions = infos.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			var records = new ArrayList<ConsumerRecord<String, byte[]>>();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (!reached(consumer, ends) && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(100)).forEach(records::add);
			}
			return records;
		}
	}

	/** How many records the topic holds, summed over its partitions. */
	public static long count(String topic) {
		return all(topic).size();
	}

	private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

}
