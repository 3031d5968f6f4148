package dev.kolejka.api.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kolejka.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * What only the broker knows: the workers' consumer lag on {@code jobs} and the retry
 * topic (end offsets minus the group's committed offsets) and how many records the
 * dead-letter topic holds. Asked at most once a second, however many pages poll; a broker
 * that does not answer within two seconds leaves the last figures in place.
 */
@Component
class BrokerFigures implements DisposableBean {

	private static final Duration MAX_AGE = Duration.ofSeconds(1);

	private static final long TIMEOUT_MS = 2000;

	private final KafkaAdmin kafkaAdmin;

	private final Topics topics;

	private final Clock clock;

	private @Nullable Admin admin;

	private Figures last = new Figures(null, null, Instant.EPOCH);

	BrokerFigures(KafkaAdmin kafkaAdmin, Topics topics, Clock clock) {
		this.kafkaAdmin = kafkaAdmin;
		this.topics = topics;
		this.clock = clock;
	}

	/**
	 * @param consumerLag records of {@code jobs} and retries not yet taken by the
	 * workers, {@code null} when unknown
	 * @param deadLetters records in the dead-letter topic, {@code null} when unknown
	 */
	record Figures(@Nullable Long consumerLag, @Nullable Long deadLetters, Instant at) {
	}

	synchronized Figures figures() {
		Instant now = this.clock.instant();
		if (Duration.between(this.last.at(), now).compareTo(MAX_AGE) < 0) {
			return this.last;
		}
		Long lag = null;
		Long dead = null;
		try {
			lag = lag();
			dead = records(this.topics.deadLetter());
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			// the broker is away or slow: show what is known
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.last = new Figures((lag != null) ? lag : this.last.consumerLag(),
				(dead != null) ? dead : this.last.deadLetters(), now);
		return this.last;
	}

	private long lag() throws ExecutionException, TimeoutException, InterruptedException {
		Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(Topics.WORKER_GROUP)
			.partitionsToOffsetAndMetadata()
			.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		List<TopicPartition> partitions = partitions(List.of(this.topics.jobs(), this.topics.retries()));
		Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
		long lag = 0;
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata done = committed.get(partition);
			lag += Math.max(0, ends.get(partition).offset() - ((done != null) ? done.offset() : 0));
		}
		return lag;
	}

	private long records(String topic) throws ExecutionException, TimeoutException, InterruptedException {
		List<TopicPartition> partitions = partitions(List.of(topic));
		Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
		Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
		return partitions.stream().mapToLong((p) -> ends.get(p).offset() - starts.get(p).offset()).sum();
	}

	private List<TopicPartition> partitions(List<String> names)
			throws ExecutionException, TimeoutException, InterruptedException {
		Map<String, TopicDescription> described = admin().describeTopics(names)
			.allTopicNames()
			.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		return described.values()
			.stream()
			.flatMap((topic) -> topic.partitions()
				.stream()
				.map((info) -> new TopicPartition(topic.name(), info.partition())))
			.toList();
	}

	private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
			throws ExecutionException, TimeoutException, InterruptedException {
		var request = new HashMap<TopicPartition, OffsetSpec>();
		partitions.forEach((partition) -> request.put(partition, spec));
		return admin().listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
	}

	private Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(this.kafkaAdmin.getConfigurationProperties());
		}
		return this.admin;
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(2));
		}
	}

}
