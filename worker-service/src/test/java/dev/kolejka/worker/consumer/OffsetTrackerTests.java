package dev.kolejka.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTests {

	private static final TopicPartition P0 = new TopicPartition("jobs", 0);

	private static final TopicPartition P1 = new TopicPartition("jobs", 1);

	private final OffsetTracker tracker = new OffsetTracker();

	@Test
	void commitsNothingWhileTheLowestRecordIsUnfinished() {
		take(P0, 10, 11, 12);

		this.tracker.finished(P0, 11);
		this.tracker.finished(P0, 12);

		assertThat(this.tracker.committable()).isEmpty();
	}

	@Test
	void commitsUpToTheLowestUnfinishedRecordWhenItFinishes() {
		take(P0, 10, 11, 12, 13);
		this.tracker.finished(P0, 12);
		this.tracker.finished(P0, 10);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11)));

		this.tracker.finished(P0, 11);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
		assertThat(this.tracker.unfinished()).isEqualTo(1);
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

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(101)));
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
		assertThat(this.tracker.committable()).isEmpty();

		this.tracker.finished(P0, 0);

		assertThat(this.tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(19_999)));
	}

	private void take(TopicPartition partition, long... offsets) {
		for (long offset : offsets) {
			this.tracker.taken(partition, offset);
		}
	}

}
