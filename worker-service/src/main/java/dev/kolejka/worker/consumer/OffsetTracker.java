package dev.kolejka.worker.consumer;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

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
 * finished ones above the gap (run again: at-least-once). Each commit also carries the
 * finished records above the gap ({@link FinishedAbove}), and a new owner skips the ones
 * its predecessor's last commit names: after a handoff whose grace ran out, or a crash,
 * only what was unfinished at that commit runs again.
 *
 * <p>
 * Not thread-safe by design: only the consumer's poll thread touches it; other threads
 * hand completions over through a queue.
 */
final class OffsetTracker {

	private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

	private final Map<TopicPartition, InheritedCommit> inherited = new HashMap<>();

	/**
	 * The partition's last commit, by this worker's predecessor: what it finished above.
	 */
	void inherit(TopicPartition partition, OffsetAndMetadata committed) {
		FinishedAbove.Settled settled = FinishedAbove.decodeSettled(committed.metadata());
		if (!settled.isEmpty()) {
			var jobs = new TreeMap<Long, BitSet>();
			settled.jobs().forEach((index, bits) -> jobs.put(committed.offset() + index, bits));
			this.inherited.put(partition, new InheritedCommit(committed.offset(), settled.records(), jobs));
		}
	}

	/**
	 * The jobs of this chunk its predecessor settled while others of it still ran: they
	 * must not run again.
	 */
	BitSet jobsSettledEarlier(TopicPartition partition, long offset) {
		InheritedCommit earlier = this.inherited.get(partition);
		BitSet jobs = (earlier != null) ? earlier.jobs().get(offset) : null;
		return (jobs != null) ? (BitSet) jobs.clone() : new BitSet();
	}

	/**
	 * True if the partition's predecessor finished this record: it must not run again.
	 */
	boolean finishedEarlier(TopicPartition partition, long offset) {
		InheritedCommit earlier = this.inherited.get(partition);
		return earlier != null && earlier.contains(offset);
	}

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
		return committable((partition) -> new TreeMap<>());
	}

	/**
	 * Like {@link #committable()}; a commit also names the jobs settled of the chunks
	 * {@code partlySettled} gives (by offset). Their progress alone does not make a
	 * commit: that would be one per finished job; a handoff's {@link #positions} always
	 * names it.
	 */
	Map<TopicPartition, OffsetAndMetadata> committable(
			Function<TopicPartition, SortedMap<Long, BitSet>> partlySettled) {
		var commits = new HashMap<TopicPartition, OffsetAndMetadata>();
		this.partitions.forEach((partition, offsets) -> {
			long next = offsets.advance();
			BitSet above = finishedAbove(partition, offsets, next);
			// finished records above the gap only ever grow while it stays: a new count
			// is a new set
			int count = above.cardinality();
			if (next > offsets.committed || count != offsets.committedAbove) {
				offsets.committed = next;
				offsets.committedAbove = count;
				commits.put(partition, new OffsetAndMetadata(next, FinishedAbove.encode(above,
						jobsAbove(partition, offsets, next, partlySettled.apply(partition)))));
			}
		});
		return commits;
	}

	/**
	 * The offset to commit for each given partition, whether or not it advanced: for a
	 * handoff.
	 */
	Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> partitions) {
		return positions(partitions, (partition) -> new TreeMap<>());
	}

	/**
	 * Like {@link #positions(Collection)}, naming the jobs settled of partly settled
	 * chunks.
	 */
	Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> partitions,
			Function<TopicPartition, SortedMap<Long, BitSet>> partlySettled) {
		var commits = new HashMap<TopicPartition, OffsetAndMetadata>();
		for (TopicPartition partition : partitions) {
			PartitionOffsets offsets = this.partitions.get(partition);
			if (offsets != null) {
				long next = offsets.advance();
				BitSet above = finishedAbove(partition, offsets, next);
				offsets.committed = next;
				offsets.committedAbove = above.cardinality();
				commits.put(partition, new OffsetAndMetadata(next, FinishedAbove.encode(above,
						jobsAbove(partition, offsets, next, partlySettled.apply(partition)))));
			}
		}
		return commits;
	}

	/**
	 * The chunks' settled jobs to name in a commit at {@code next}, keyed relative to it:
	 * the taken chunks', and those the predecessor named of chunks not read yet.
	 */
	private SortedMap<Integer, BitSet> jobsAbove(TopicPartition partition, PartitionOffsets offsets, long next,
			SortedMap<Long, BitSet> taken) {
		var jobs = new TreeMap<Integer, BitSet>();
		InheritedCommit earlier = this.inherited.get(partition);
		if (earlier != null) {
			earlier.jobs()
				.tailMap(Math.max(next, offsets.nextExpected))
				.forEach((offset, bits) -> jobs.put(Math.toIntExact(offset - next), bits));
		}
		taken.tailMap(next).forEach((offset, bits) -> jobs.put(Math.toIntExact(offset - next), bits));
		return jobs;
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
				offsets.committedAbove = -1;
			}
		}
	}

	void forget(Collection<TopicPartition> revoked) {
		revoked.forEach(this.partitions::remove);
		revoked.forEach(this.inherited::remove);
	}

	/**
	 * Bit {@code i}: the record at {@code next + 1 + i} is finished, here or by the
	 * predecessor (records not read yet included, so a commit never forgets them).
	 */
	private BitSet finishedAbove(TopicPartition partition, PartitionOffsets offsets, long next) {
		BitSet above = offsets.finishedAbove(next);
		InheritedCommit earlier = this.inherited.get(partition);
		if (earlier != null) {
			if (offsets.nextExpected > earlier.last()) {
				// every record it names was read, and marked finished when it was
				this.inherited.remove(partition);
			}
			else {
				earlier.addAbove(Math.max(next, offsets.nextExpected - 1), next, above);
			}
		}
		return above;
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

		/** How many finished records above {@link #committed} the last commit named. */
		private int committedAbove;

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

		/** Relative to {@code next + 1}: the finished records above {@code next}. */
		BitSet finishedAbove(long next) {
			int from = Math.toIntExact(next + 1 - this.base);
			int to = Math.toIntExact(this.nextExpected - this.base);
			return (from < to) ? this.done.get(from, to) : new BitSet();
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
