package dev.kolejka.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.kolejka.testing.KafkaFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handoff on a real broker: which records it leaves to the next owner, which it waits
 * for, what it commits (read back from the group's committed offsets) and what it
 * forgets. Jobs are the ledger's own records, started and settled as pool threads would.
 */
class HandoffIT {

	private static final Duration GRACE = Duration.ofSeconds(20);

	private final String topic = KafkaFixture.uniquePrefix(HandoffIT.class) + "jobs";

	private final TopicPartition p0 = new TopicPartition(this.topic, 0);

	private final TopicPartition p1 = new TopicPartition(this.topic, 1);

	private final RecordLedger ledger = new RecordLedger();

	private final InFlightJobs inFlight = new InFlightJobs();

	private final Handoff handoff = new Handoff(this.ledger, this.inFlight);

	private final ScheduledExecutorService poolThread = Executors.newSingleThreadScheduledExecutor();

	private KafkaConsumer<String, byte[]> consumer;

	@BeforeEach
	void start() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(this.topic, 2, (short) 1))).all().get();
		}
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "handoff-" + UUID.randomUUID(),
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.assign(List.of(this.p0, this.p1));
	}

	@AfterEach
	void stop() {
		this.poolThread.shutdownNow();
		this.consumer.close(Duration.ofSeconds(5));
	}

	@Test
	void theNewestRecordsNoneOfWhoseJobsStartedAreDroppedAtOnceWithTheirWaitingRetries() {
		TakenRecord running = started(0);
		TakenRecord queued = this.ledger.take(this.p0, 1, 1);
		TakenRecord retry = this.ledger.take(this.p0, 2, 1);
		this.inFlight.taken(3);
		ScheduledFuture<?> backoff = this.poolThread.schedule(() -> retry.admit(), 1, TimeUnit.HOURS);
		retry.waitsFor(backoff);

		CompletableFuture<Void> handing = CompletableFuture
			.runAsync(() -> this.handoff.handBack(this.consumer, List.of(this.p0), GRACE, true));

		// dropped while the running record still holds the handoff in its grace, not
		// after it: until then a pool thread could start them
		await().atMost(GRACE.dividedBy(2))
			.untilAsserted(() -> assertThat(List.of(queued, retry)).noneMatch(TakenRecord::owned));
		assertThat(queued.admit()).as("a queued job of a handed-back record may not start").isFalse();
		assertThat(retry.admit()).isFalse();
		assertThat(backoff.isCancelled()).as("the retry waiting out its backoff never runs here").isTrue();
		assertThat(this.inFlight.count()).as("the cancelled retry no longer takes capacity").isEqualTo(2);
		this.ledger.settleOne(running, 0);
		handing.join();
		assertThat(committed(this.p0).offset()).as("the next owner starts at the first dropped record").isEqualTo(1);
	}

	@Test
	void olderRecordsGetTheGraceToFinishEvenUnstartedOnesBelowAStartedOneAndAreThenCommitted() {
		TakenRecord unstartedBelow = this.ledger.take(this.p0, 0, 1);
		TakenRecord running = started(1);
		TakenRecord unstartedTail = this.ledger.take(this.p0, 2, 1);
		// the pool threads start and finish the older jobs a little into the grace
		CompletableFuture<Boolean> admitted = new CompletableFuture<>();
		this.poolThread.schedule(() -> {
			admitted.complete(unstartedBelow.admit());
			this.ledger.settleOne(unstartedBelow, 0);
			this.ledger.settleOne(running, 0);
		}, 300, TimeUnit.MILLISECONDS);

		this.handoff.handBack(this.consumer, List.of(this.p0), GRACE, true);

		assertThat(admitted.join()).as("handing it back would run the finished record above it twice").isTrue();
		assertThat(committed(this.p0).offset()).isEqualTo(2);
		assertThat(FinishedAbove.decode(committed(this.p0).metadata())).isEqualTo(new BitSet());
		assertThat(unstartedTail.admit()).isFalse();
	}

	@Test
	void aRecordStillUnfinishedAfterTheGraceIsRevokedAndTheCommitNamesTheRecordsFinishedAboveIt() {
		TakenRecord stuck = started(0);
		TakenRecord finishedAbove = started(1);
		TakenRecord alsoFinished = started(2);
		TakenRecord unstarted = this.ledger.take(this.p0, 3, 1);
		this.ledger.settleOne(finishedAbove, 0);
		this.ledger.settleOne(alsoFinished, 0);

		this.handoff.handBack(this.consumer, List.of(this.p0), Duration.ofMillis(200), true);

		assertThat(stuck.owned()).isFalse();
		assertThat(stuck.admit()).as("not even a keyed job's in-place retry starts again here").isFalse();
		assertThat(unstarted.admit()).isFalse();
		OffsetAndMetadata commit = committed(this.p0);
		assertThat(commit.offset()).as("the commit stops below the unfinished record").isZero();
		BitSet above = new BitSet();
		above.set(0, 2);
		assertThat(FinishedAbove.decode(commit.metadata())).isEqualTo(above);
		var nextOwner = new RecordLedger();
		nextOwner.inherit(Map.of(this.p0, commit));
		assertThat(List.of(0L, 1L, 2L, 3L)).filteredOn((offset) -> nextOwner.settledEarlier(this.p0, offset))
			.as("the next owner skips what finished here and runs only the rest")
			.containsExactly(1L, 2L);
	}

	@Test
	void aChunkStillRunningAfterTheGraceIsNamedJobByJobAndItsNextOwnerRunsOnlyTheJobsNotSettledHere() {
		TakenRecord chunk = this.ledger.take(this.p0, 0, 4);
		for (int job = 0; job < 4; job++) {
			assertThat(CompletableFuture.supplyAsync(chunk::admit, this.poolThread).join()).isTrue();
		}
		this.ledger.settleOne(chunk, 0);
		this.ledger.settleOne(chunk, 2);

		this.handoff.handBack(this.consumer, List.of(this.p0), Duration.ofMillis(200), true);

		OffsetAndMetadata commit = committed(this.p0);
		assertThat(commit.offset()).isZero();
		assertThat(FinishedAbove.decodeSettled(commit.metadata()).jobs()).isEqualTo(Map.of(0, bits(0, 2)));
		var nextOwner = new RecordLedger();
		nextOwner.inherit(Map.of(this.p0, commit));
		assertThat(nextOwner.settledEarlier(this.p0, 0)).as("the chunk itself runs again").isFalse();
		BitSet skipped = nextOwner.jobsSettledEarlier(this.p0, 0);
		assertThat(skipped).as("but not the jobs that settled here").isEqualTo(bits(0, 2));
		TakenRecord again = nextOwner.take(this.p0, 0, 4, skipped);
		assertThat(nextOwner.unsettledJobs()).isEqualTo(2);
		nextOwner.settleOne(again, 1);
		nextOwner.settleOne(again, 3);
		nextOwner.applyFinished();
		assertThat(nextOwner.committable()).as("its last two jobs finish the chunk")
			.isEqualTo(Map.of(this.p0, new OffsetAndMetadata(1)));
	}

	@Test
	void aChunkWhoseJobsAllSettledEarlierIsFinishedAsSoonAsItIsTaken() {
		var ledger = new RecordLedger();

		ledger.take(this.p0, 0, 3, bits(0, 1, 2));

		assertThat(ledger.unsettledJobs()).isZero();
		assertThat(ledger.committable()).isEqualTo(Map.of(this.p0, new OffsetAndMetadata(1)));
	}

	@Test
	void theLedgerForgetsTheHandedBackPartitionsAndKeepsTheOthers() {
		TakenRecord stuck = started(0);
		this.ledger.take(this.p0, 1, 2);
		TakenRecord kept = started(this.p1, 0);

		this.handoff.handBack(this.consumer, List.of(this.p0), Duration.ofMillis(100), true);

		assertThat(this.ledger.newestFirst(this.p0)).isEmpty();
		assertThat(this.ledger.positions(List.of(this.p0))).isEmpty();
		assertThat(this.ledger.unsettledJobs()).as("only the kept partition's job still counts").isEqualTo(1);
		assertThat(this.ledger.newestFirst(this.p1)).containsExactly(kept);
		assertThat(kept.owned()).isTrue();
		this.ledger.settleOne(stuck, 0);
		assertThat(this.ledger.unsettledJobs()).as("a late settle of a forgotten record counts for nothing")
			.isEqualTo(1);
	}

	@Test
	void partitionsAlreadyLostAreNotCommittedButTheirUnstartedRecordsStillDoNotRunHere() {
		TakenRecord done = started(0);
		TakenRecord unstarted = this.ledger.take(this.p0, 1, 1);
		this.ledger.settleOne(done, 0);

		this.handoff.handBack(this.consumer, List.of(this.p0), Duration.ZERO, false);

		assertThat(unstarted.admit()).isFalse();
		assertThat(this.consumer.committed(Set.of(this.p0), Duration.ofSeconds(10)).get(this.p0)).isNull();
	}

	private static BitSet bits(int... set) {
		var bits = new BitSet();
		for (int bit : set) {
			bits.set(bit);
		}
		return bits;
	}

	/** A record of partition 0 whose one job a pool thread started. */
	private TakenRecord started(long offset) {
		return started(this.p0, offset);
	}

	private TakenRecord started(TopicPartition partition, long offset) {
		TakenRecord record = this.ledger.take(partition, offset, 1);
		assertThat(CompletableFuture.supplyAsync(record::admit, this.poolThread).join()).isTrue();
		return record;
	}

	private OffsetAndMetadata committed(TopicPartition partition) {
		OffsetAndMetadata commit = this.consumer.committed(Set.of(partition), Duration.ofSeconds(10)).get(partition);
		assertThat(commit).as("a commit for " + partition).isNotNull();
		return commit;
	}

}
