package dev.kolejka.worker.consumer;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * One lane per ordering key: the jobs of a key run one at a time, in the order their
 * records were taken, and a job holds its lane until its fate is durable (through all of
 * its retries). Jobs of one key share a partition, so a lane lives and dies with the
 * partition it belongs to.
 *
 * <p>
 * Each lane is a queue guarded by {@link ConcurrentHashMap#compute}: {@link #enter} and
 * {@link #leave} on the same key are atomic, different keys never contend.
 *
 * <p>
 * Why lanes have generations: when a partition moves away its lanes are dropped, but a
 * job of the old assignment may still be running and leave its lane later. If the
 * partition came back meanwhile, a lane of the same key may exist again, and that late
 * {@code leave} would start the new lane's next job beside the one running: two jobs of
 * one key at once. A lane therefore carries the generation of its partition's assignment,
 * and a leave from an older generation finds nothing to release.
 */
final class KeyLanes {

	private final Map<Lane, ArrayDeque<Runnable>> lanes = new ConcurrentHashMap<>();

	private final Map<TopicPartition, Long> generations = new ConcurrentHashMap<>();

	/** The lane the key's jobs take in the partition's current assignment. */
	Lane laneOf(TopicPartition partition, String key) {
		return new Lane(partition, key, this.generations.getOrDefault(partition, 0L));
	}

	/**
	 * Runs the job now if its lane is free, or queues it behind the lane's current job.
	 * The job's lane must be left exactly once, through {@link #leave}.
	 */
	void enter(Lane lane, Runnable job) {
		boolean[] runNow = new boolean[1];
		this.lanes.compute(lane, (ignored, waiting) -> {
			if (waiting == null) {
				runNow[0] = true;
				return new ArrayDeque<>();
			}
			waiting.add(job);
			return waiting;
		});
		if (runNow[0]) {
			job.run();
		}
	}

	/** The lane's current job is done with it: the next one, if any, starts. */
	void leave(Lane lane) {
		@Nullable Runnable[] next = new Runnable[1];
		this.lanes.computeIfPresent(lane, (ignored, waiting) -> {
			next[0] = waiting.poll();
			return (next[0] != null) ? waiting : null;
		});
		if (next[0] != null) {
			next[0].run();
		}
	}

	/**
	 * The partition moved away: its lanes are dropped with the jobs still waiting in
	 * them, which the partition's next owner runs instead, and its lanes start a new
	 * generation.
	 * @return how many waiting jobs were dropped
	 */
	int forget(TopicPartition partition) {
		this.generations.merge(partition, 1L, Long::sum);
		int dropped = 0;
		for (var lanes = this.lanes.entrySet().iterator(); lanes.hasNext();) {
			var lane = lanes.next();
			if (lane.getKey().partition().equals(partition)) {
				dropped += lane.getValue().size();
				lanes.remove();
			}
		}
		return dropped;
	}

	int size() {
		return this.lanes.size();
	}

	record Lane(TopicPartition partition, String key, long generation) {

		Lane {
			Objects.requireNonNull(partition);
			Objects.requireNonNull(key);
		}

	}

}
