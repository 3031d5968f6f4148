package dev.kolejka.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KeyLanesTests {

	private static final TopicPartition P0 = new TopicPartition("jobs", 0);

	private final KeyLanes lanes = new KeyLanes();

	private final List<String> started = new ArrayList<>();

	@Test
	void aKeysJobsStartOneAtATimeInTheOrderTheyEntered() {
		KeyLanes.Lane lane = this.lanes.laneOf(P0, "k");
		this.lanes.enter(lane, () -> this.started.add("a"));
		this.lanes.enter(lane, () -> this.started.add("b"));
		this.lanes.enter(lane, () -> this.started.add("c"));
		assertThat(this.started).containsExactly("a");

		this.lanes.leave(lane);
		assertThat(this.started).containsExactly("a", "b");

		this.lanes.leave(lane);
		this.lanes.leave(lane);
		assertThat(this.started).containsExactly("a", "b", "c");
		assertThat(this.lanes.size()).isZero();
	}

	@Test
	void differentKeysDoNotWaitForEachOther() {
		this.lanes.enter(this.lanes.laneOf(P0, "k"), () -> this.started.add("k1"));
		this.lanes.enter(this.lanes.laneOf(P0, "other"), () -> this.started.add("o1"));

		assertThat(this.started).containsExactly("k1", "o1");
	}

	@Test
	void forgettingAPartitionDropsItsWaitingJobsAndCountsThem() {
		var p1 = new TopicPartition("jobs", 1);
		KeyLanes.Lane lane = this.lanes.laneOf(P0, "k");
		this.lanes.enter(lane, () -> this.started.add("a"));
		this.lanes.enter(lane, () -> this.started.add("b"));
		this.lanes.enter(lane, () -> this.started.add("c"));
		this.lanes.enter(this.lanes.laneOf(p1, "k"), () -> this.started.add("elsewhere"));

		assertThat(this.lanes.forget(P0)).isEqualTo(2);
		this.lanes.leave(lane);

		assertThat(this.started).containsExactly("a", "elsewhere");
		assertThat(this.lanes.size()).isEqualTo(1);
	}

	@Test
	void aJobOfAnEarlierAssignmentLeavingLateNeverStartsTheNewLanesNextJob() {
		KeyLanes.Lane old = this.lanes.laneOf(P0, "k");
		this.lanes.enter(old, () -> this.started.add("old"));
		this.lanes.forget(P0);
		KeyLanes.Lane current = this.lanes.laneOf(P0, "k");
		this.lanes.enter(current, () -> this.started.add("new-1"));
		this.lanes.enter(current, () -> this.started.add("new-2"));

		this.lanes.leave(old);

		assertThat(this.started).containsExactly("old", "new-1");
		this.lanes.leave(current);
		assertThat(this.started).containsExactly("old", "new-1", "new-2");
	}

}
