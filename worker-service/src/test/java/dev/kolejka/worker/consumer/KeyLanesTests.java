package dev.kolejka.worker.consumer;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyLanesTests {

	private static final TopicPartition P0 = new TopicPartition("jobs", 0);

	private final KeyLanes lanes = new KeyLanes();

	private final List<String> started = new ArrayList<>();

	@Test
	void aKeysJobsStartOneAtATimeInTheOrderTheyEntered() {
		this.lanes.enter(P0, "k", () -> this.started.add("a"));
		this.lanes.enter(P0, "k", () -> this.started.add("b"));
		this.lanes.enter(P0, "k", () -> this.started.add("c"));
		assertThat(this.started).containsExactly("a");

		this.lanes.leave(P0, "k");
		assertThat(this.started).containsExactly("a", "b");

		this.lanes.leave(P0, "k");
		this.lanes.leave(P0, "k");
		assertThat(this.started).containsExactly("a", "b", "c");
		assertThat(this.lanes.size()).isZero();
	}

	@Test
	void differentKeysDoNotWaitForEachOther() {
		this.lanes.enter(P0, "k", () -> this.started.add("k1"));
		this.lanes.enter(P0, "other", () -> this.started.add("o1"));

		assertThat(this.started).containsExactly("k1", "o1");
	}

	@Test
	void forgettingAPartitionDropsItsWaitingJobsAndCountsThem() {
		var p1 = new TopicPartition("jobs", 1);
		this.lanes.enter(P0, "k", () -> this.started.add("a"));
		this.lanes.enter(P0, "k", () -> this.started.add("b"));
		this.lanes.enter(P0, "k", () -> this.started.add("c"));
		this.lanes.enter(p1, "k", () -> this.started.add("elsewhere"));

		assertThat(this.lanes.forget(P0)).isEqualTo(2);
		this.lanes.leave(P0, "k");

		assertThat(this.started).containsExactly("a", "elsewhere");
		assertThat(this.lanes.size()).isEqualTo(1);
	}

}
