package dev.kolejka.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.kolejka.testing.KafkaFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker stopped while its group rebalances (a member joining, under load, can keep a
 * rebalance open for seconds): Kafka refuses every commit until the group is stable, so a
 * drain that left at once made the next owners run again everything finished since the
 * last commit (158 jobs in a 10-minute chaos run). Real broker, real group: the drain
 * takes part in the rebalance and its commit goes through.
 */
class DrainDuringRebalanceIT {

	private final String topic = KafkaFixture.uniquePrefix(DrainDuringRebalanceIT.class) + "jobs";

	private final String group = this.topic + "-workers";

	private final TopicPartition p0 = new TopicPartition(this.topic, 0);

	private final TopicPartition p1 = new TopicPartition(this.topic, 1);

	private final RecordLedger ledger = new RecordLedger();

	private final Handoff handoff = new Handoff(this.ledger, new InFlightJobs());

	private final AtomicBoolean joining = new AtomicBoolean(true);

	private KafkaConsumer<String, byte[]> leaving;

	/**
	 * A member that stops polling: the next rebalance waits for it until its
	 * {@code max.poll.interval.ms}, as one waits for a worker starting under load.
	 */
	private KafkaConsumer<String, byte[]> stalled;

	private CompletableFuture<Void> joiner;

	@BeforeEach
	void start() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(this.topic, 4, (short) 1))).all().get();
		}
		try (var producer = new KafkaProducer<>(
				Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			for (int i = 0; i < 4; i++) {
				producer.send(new ProducerRecord<>(this.topic, i, "k", new byte[] { 1 })).get();
			}
		}
		this.leaving = member(Duration.ofMinutes(5));
		this.leaving.subscribe(List.of(this.topic), new ConsumerRebalanceListener() {

			@Override
			public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
				DrainDuringRebalanceIT.this.handoff.handBack(DrainDuringRebalanceIT.this.leaving, partitions,
						Duration.ZERO, true);
			}

			@Override
			public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			}

			@Override
			public void onPartitionsLost(Collection<TopicPartition> partitions) {
				DrainDuringRebalanceIT.this.handoff.handBack(DrainDuringRebalanceIT.this.leaving, partitions,
						Duration.ZERO, false);
			}

		});
		this.stalled = member(Duration.ofSeconds(10));
		this.stalled.subscribe(List.of(this.topic));
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.leaving.poll(Duration.ofMillis(50));
			this.stalled.poll(Duration.ofMillis(50));
			return this.leaving.assignment().size() == 2 && this.stalled.assignment().size() == 2;
		});
	}

	@AfterEach
	void stop() {
		this.joining.set(false);
		if (this.joiner != null) {
			this.joiner.join();
		}
		this.leaving.close(Duration.ofSeconds(5));
		this.stalled.close(Duration.ofSeconds(5));
	}

	@Test
	void aDrainDuringARebalanceCommitsWhatItFinishedOnceTheGroupIsStableAgain() {
		this.leaving.pause(this.leaving.assignment());
		// the jobs of a record on each of its partitions finished here
		for (TopicPartition partition : this.leaving.assignment()) {
			TakenRecord record = this.ledger.take(partition, 0, 1);
			assertThat(record.admit()).isTrue();
			this.ledger.settleOne(record, 0);
		}
		Set<TopicPartition> owned = Set.copyOf(this.leaving.assignment());
		// a third member joins; the group waits for the stalled one, and this member,
		// rejoining meanwhile, may commit nothing
		this.joiner = CompletableFuture.runAsync(() -> {
			try (var joiner = member(Duration.ofMinutes(5))) {
				joiner.subscribe(List.of(this.topic));
				while (this.joining.get()) {
					joiner.poll(Duration.ofMillis(100));
				}
			}
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.leaving.poll(Duration.ofMillis(100));
			try {
				this.leaving.commitSync(Map.of(owned.iterator().next(), new OffsetAndMetadata(0)));
				return false;
			}
			catch (RebalanceInProgressException ex) {
				return true;
			}
		});

		this.handoff.handBack(this.leaving, this.leaving.assignment(), Duration.ZERO, true);
		assertThat(committed(owned)).as("refused while the group rebalances").containsOnly(0L);
		this.handoff.commitRefused(this.leaving, Duration.ofSeconds(30));

		assertThat(committed(owned)).as("whether a partition stayed or moved on in between, its commit went through")
			.containsOnly(1L)
			.hasSize(2);
	}

	private List<Long> committed(Set<TopicPartition> partitions) {
		try (var reader = member(Duration.ofMinutes(5))) {
			return reader.committed(partitions, Duration.ofSeconds(10))
				.values()
				.stream()
				.map((commit) -> (commit != null) ? commit.offset() : 0L)
				.toList();
		}
	}

	private KafkaConsumer<String, byte[]> member(Duration maxPollInterval) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
				ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis(),
				ConsumerConfig.GROUP_ID_CONFIG, this.group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300,
				ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
				CooperativeStickyAssignor.class.getName()), new StringDeserializer(), new ByteArrayDeserializer());
	}

}
