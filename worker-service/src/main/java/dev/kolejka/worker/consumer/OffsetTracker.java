package dev.kolejka.worker.consumer;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition, the offsets taken from Kafka and which of them are finished; what may be
 * committed is everything below the lowest unfinished one.
 *
 * <p>
 * Why: records are run out of order (a long job must not hold up the short ones behind
 * it), but a commit says "all before this offset is done". Committing only up to the
 * lowest unfinished offset means a crash redelivers exactly the unfinished records, plus
 * finished ones above the gap (run again: at-least-once).
 *
 * <p>
 * Not thread-safe by design: only the consumer's poll thread touches it; other threads
 * hand completions over through a queue.
 */
final class OffsetTracker {

	private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

	void taken(TopicPartition partition, long offset) {
		this.partitions.computeIfAbsent(partition, (p) -> new PartitionOffsets(offset)).taken(offset);
	}

	void finished(TopicPartition partition, long offset) {
		PartitionOffsets offsets = this.partitions.get(partition);
		if (offsets != null) {
			offsets.finished(offset);
		}
	}

	/**
	 * Offsets to commit (next offset to read) for partitions that advanced since the last
	 * call.
	 */
	Map<TopicPartition, OffsetAndMetadata> committable() {
		var commits = new HashMap<TopicPartition, OffsetAndMetadata>();
		this.partitions.forEach((partition, offsets) -> {
			long next = offsets.advance();
			if (next > offsets.committed) {
				offsets.committed = next;
				commits.put(partition, new OffsetAndMetadata(next));
			}
		});
		return commits;
	}

	/**
	 * The offset to commit for each given partition, whether or not it advanced: for a
	 * handoff.
	 */
	Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> partitions) {
		var commits = new HashMap<TopicPartition, OffsetAndMetadata>();
		for (TopicPartition partition : partitions) {
			PartitionOffsets offsets = this.partitions.get(partition);
			if (offsets != null) {
				long next = offsets.advance();
				offsets.committed = next;
				commits.put(partition, new OffsetAndMetadata(next));
			}
		}
		return commits;
	}

	/**
	 * A commit Kafka refused (e.g. during a rebalance): the next {@link #committable()}
	 * offers these partitions again, even if nothing advanced in between.
	 */
	void commitFailed(Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			PartitionOffsets offsets = this.partitions.get(partition);
			if (offsets != null) {
				offsets.committed = Long.MIN_VALUE;
			}
		}
	}

	void forget(Collection<TopicPartition> revoked) {
		revoked.forEach(this.partitions::remove);
	}

	int unfinished() {
		return this.partitions.values().stream().mapToInt((offsets) -> offsets.pending.size()).sum();
	}

	private static final class PartitionOffsets {

		/**
		 * Taken and not yet committed, in offset order (the consumer returns a
		 * partition's records in order).
		 */
		private final ArrayDeque<Long> pending = new ArrayDeque<>();

		/** Finished offsets relative to {@link #base}. */
		private final BitSet done = new BitSet();

		private long base;

		private long committed;

		private long nextExpected;

		PartitionOffsets(long first) {
			this.base = first;
			this.committed = first;
			this.nextExpected = first;
		}

		void taken(long offset) {
			this.pending.addLast(offset);
			this.nextExpected = offset + 1;
		}

		void finished(long offset) {
			if (offset >= this.base) {
				this.done.set(Math.toIntExact(offset - this.base));
			}
		}

		/**
		 * Drops the finished prefix; returns the lowest unfinished offset (or the next to
		 * read).
		 */
		long advance() {
			while (!this.pending.isEmpty() && this.done.get(Math.toIntExact(this.pending.peekFirst() - this.base))) {
				this.pending.removeFirst();
			}
			long next = this.pending.isEmpty() ? this.nextExpected : this.pending.peekFirst();
			int shift = Math.toIntExact(next - this.base);
			if (shift > 4096) {
				rebase(next, shift);
			}
			return next;
		}

		private void rebase(long next, int shift) {
			BitSet shifted = this.done.get(shift, Math.max(shift, this.done.length()));
			this.done.clear();
			this.done.or(shifted);
			this.base = next;
		}

	}

}
