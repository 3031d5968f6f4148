package dev.kolejka.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTests {

	private static final TopicPartition P0 = new TopicPartition("jobs", 0);

	private static final TopicPartition P1 = new TopicPartition("jobs", 1);

	private final OffsetTracker tracker = new OffsetTracker();

	@Test
	void whileTheLowestRecordIsUnfinishedCommitsItsOffsetNamingTheFinishedOnesAbove() {
		take(P0, 10, 11, 12);

		this.tracker.finished(P0, 12);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10, bits(1))));
		assertThat(this.tracker.committable()).as("nothing new finished").isEmpty();

		this.tracker.finished(P0, 11);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10, bits(0, 1))));
	}

	@Test
	void commitsUpToTheLowestUnfinishedRecordWhenItFinishes() {
		take(P0, 10, 11, 12, 13);
		this.tracker.finished(P0, 12);
		this.tracker.finished(P0, 10);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11, bits(0))));

		this.tracker.finished(P0, 11);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
		assertThat(this.tracker.unfinished()).isEqualTo(1);
	}

	@Test
	void aNewOwnerSkipsWhatItsPredecessorFinishedAboveItsCommitAndKeepsNamingIt() {
		var predecessor = new OffsetTracker();
		for (long offset = 0; offset < 6; offset++) {
			predecessor.taken(P0, offset);
		}
		predecessor.finished(P0, 0);
		predecessor.finished(P0, 2);
		predecessor.finished(P0, 5);
		OffsetAndMetadata handedOver = predecessor.positions(List.of(P0)).get(P0);

		this.tracker.inherit(P0, handedOver);

		assertThat(handedOver.offset()).isEqualTo(1);
		assertThat(this.tracker.finishedEarlier(P0, 1)).isFalse();
		assertThat(this.tracker.finishedEarlier(P0, 2)).isTrue();
		assertThat(this.tracker.finishedEarlier(P0, 3)).isFalse();
		assertThat(this.tracker.finishedEarlier(P0, 5)).isTrue();
		take(P0, 1);
		assertThat(this.tracker.committable()).as("5 was not read yet, and is still named")
			.isEqualTo(Map.of(P0, new OffsetAndMetadata(1, bits(0, 3))));
	}

	@Test
	void anOversizedMapDropsItsHighestRecordsInsteadOfFailingTheCommit() {
		var many = new BitSet();
		var random = new Random(7);
		for (int i = 0; i < 200_000; i++) {
			if (random.nextBoolean()) {
				many.set(i);
			}
		}

		String metadata = FinishedAbove.encode(many);
		BitSet kept = FinishedAbove.decode(metadata);

		assertThat(metadata.length()).isLessThanOrEqualTo(FinishedAbove.MAX_CHARS);
		assertThat(kept.cardinality()).isPositive();
		assertThat(many.get(0, kept.length())).isEqualTo(kept);
	}

	@Test
	void chunkJobsAreNamedBesideTheRecordsAndAnOversizedMapDropsThemFirst() {
		var records = new BitSet();
		records.set(1);
		var jobs = new TreeMap<Integer, BitSet>(Map.of(0, set(0, 2), 3, set(5)));

		assertThat(FinishedAbove.decodeSettled(FinishedAbove.encode(records, jobs)))
			.isEqualTo(new FinishedAbove.Settled(records, jobs));
		assertThat(FinishedAbove.decode(FinishedAbove.encode(records, jobs))).isEqualTo(records);
		assertThat(FinishedAbove.encode(records, new TreeMap<>())).as("no chunk: the records alone")
			.isEqualTo(FinishedAbove.encode(records));

		var random = new Random(7);
		var many = new TreeMap<Integer, BitSet>();
		for (int chunk = 0; chunk < 200; chunk++) {
			var settled = new BitSet();
			random.ints(250, 0, 500).forEach(settled::set);
			many.put(chunk, settled);
		}
		String metadata = FinishedAbove.encode(records, many);
		FinishedAbove.Settled kept = FinishedAbove.decodeSettled(metadata);
		assertThat(metadata.length()).isLessThanOrEqualTo(FinishedAbove.MAX_CHARS);
		assertThat(kept.records()).as("the records stay whole").isEqualTo(records);
		assertThat(kept.jobs()).isNotEmpty().isEqualTo(many.headMap(kept.jobs().size()));
	}

	@Test
	void aNewOwnerSkipsTheJobsItsPredecessorSettledOfAChunkAndKeepsNamingThemUntilItReadsIt() {
		var predecessor = new OffsetTracker();
		predecessor.taken(P0, 0);
		predecessor.taken(P0, 1);
		predecessor.taken(P0, 2);
		predecessor.finished(P0, 0);
		OffsetAndMetadata handedOver = predecessor
			.positions(List.of(P0), (partition) -> new TreeMap<>(Map.of(2L, set(1, 3))))
			.get(P0);

		this.tracker.inherit(P0, handedOver);

		assertThat(handedOver.offset()).isEqualTo(1);
		assertThat(this.tracker.jobsSettledEarlier(P0, 2)).isEqualTo(set(1, 3));
		assertThat(this.tracker.jobsSettledEarlier(P0, 1)).isEqualTo(new BitSet());
		take(P0, 1);
		this.tracker.finished(P0, 1);
		OffsetAndMetadata next = this.tracker.committable().get(P0);
		assertThat(next.offset()).isEqualTo(2);
		assertThat(FinishedAbove.decodeSettled(next.metadata()).jobs()).as("the chunk was not read yet")
			.isEqualTo(Map.of(0, set(1, 3)));
	}

	@Test
	void metadataItDidNotWriteNamesNothing() {
		assertThat(FinishedAbove.decode("some other client's note")).isEqualTo(new BitSet());
		assertThat(FinishedAbove.decode("kolejka.finished.v1:!!!")).isEqualTo(new BitSet());
		assertThat(FinishedAbove.decode(null)).isEqualTo(new BitSet());
	}

	@Test
	void commitsPastEverythingOnceAllIsFinishedAndOnlyWhenItAdvanced() {
		take(P0, 5, 6);
		this.tracker.finished(P0, 6);
		this.tracker.finished(P0, 5);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(7)));
		assertThat(this.tracker.committable()).isEmpty();
	}

	@Test
	void partitionsAreIndependent() {
		take(P0, 0, 1);
		take(P1, 100);
		this.tracker.finished(P1, 100);
		this.tracker.finished(P0, 1);

		assertThat(this.tracker.committable())
			.isEqualTo(Map.of(P1, new OffsetAndMetadata(101), P0, new OffsetAndMetadata(0, bits(0))));
	}

	@Test
	void revokedPartitionsAreForgottenAndLateCompletionsIgnored() {
		take(P0, 0, 1);
		this.tracker.forget(List.of(P0));

		this.tracker.finished(P0, 0);

		assertThat(this.tracker.committable()).isEmpty();
		assertThat(this.tracker.unfinished()).isZero();
	}

	@Test
	void longRunsOfOffsetsWithGapsStayCorrectAcrossRebasing() {
		for (long offset = 0; offset < 20_000; offset += 2) {
			this.tracker.taken(P0, offset);
		}
		for (long offset = 2; offset < 20_000; offset += 2) {
			this.tracker.finished(P0, offset);
		}
		assertThat(this.tracker.committable()).hasEntrySatisfying(P0, (commit) -> assertThat(commit.offset()).isZero());

		this.tracker.finished(P0, 0);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(19_999)));
	}

	private static BitSet set(int... set) {
		var bits = new BitSet();
		for (int bit : set) {
			bits.set(bit);
		}
		return bits;
	}

	private static String bits(int... set) {
		var bits = new BitSet();
		for (int bit : set) {
			bits.set(bit);
		}
		return FinishedAbove.encode(bits);
	}

	private void take(TopicPartition partition, long... offsets) {
		for (long offset : offsets) {
			this.tracker.taken(partition, offset);
		}
	}

}
