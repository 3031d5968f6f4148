package dev.kolejka.worker.consumer;

import java.time.Duration;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records this worker took and has not settled, and what may be committed because of
 * them.
 *
 * <p>
 * Owned by the poll thread, like the {@link OffsetTracker} inside it, except
 * {@link #settleOne}: pool and producer threads report a settled job through it, and the
 * record, once all its jobs settled, travels to the poll thread through a queue, so the
 * hot path takes no lock.
 */
final class RecordLedger {

	private final OffsetTracker offsets = new OffsetTracker();

	private final LinkedBlockingQueue<TakenRecord> finished = new LinkedBlockingQueue<>();

	private final Map<TopicPartition, Set<TakenRecord>> unsettled = new HashMap<>();

	/** The unsettled records of several jobs: the only ones a commit may name partly. */
	private final Map<TopicPartition, Set<TakenRecord>> chunks = new HashMap<>();

	private final AtomicInteger unsettledJobs = new AtomicInteger();

	/** A record was taken from Kafka; its {@code jobs} must each settle once. */
	TakenRecord take(TopicPartition partition, long offset, int jobs) {
		return take(partition, offset, jobs, new BitSet());
	}

	/**
	 * A record was taken from Kafka; its {@code jobs} must each settle once, except those
	 * {@link #jobsSettledEarlier settled earlier}.
	 */
	TakenRecord take(TopicPartition partition, long offset, int jobs, BitSet settledEarlier) {
		this.offsets.taken(partition, offset);
		var record = new TakenRecord(partition, offset, jobs, settledEarlier, this.unsettledJobs);
		if (record.settledBeforeTaken()) {
			markFinished(record);
			return record;
		}
		this.unsettled.computeIfAbsent(partition, (p) -> new HashSet<>()).add(record);
		if (record.isChunk()) {
			this.chunks.computeIfAbsent(partition, (p) -> new HashSet<>()).add(record);
		}
		return record;
	}

	/** The partitions' last commits: records they name as finished are not run again. */
	void inherit(Map<TopicPartition, OffsetAndMetadata> committed) {
		committed.forEach((partition, commit) -> {
			if (commit != null) {
				this.offsets.inherit(partition, commit);
			}
		});
	}

	/**
	 * True, and the record counted as finished, if the partition's previous owner settled
	 * it: it must not run again.
	 */
	boolean settledEarlier(TopicPartition partition, long offset) {
		if (!this.offsets.finishedEarlier(partition, offset)) {
			return false;
		}
		this.offsets.taken(partition, offset);
		this.offsets.finished(partition, offset);
		return true;
	}

	/**
	 * The jobs of a chunk its partition's previous owner settled while others of it still
	 * ran: they must not run again.
	 */
	BitSet jobsSettledEarlier(TopicPartition partition, long offset) {
		return this.offsets.jobsSettledEarlier(partition, offset);
	}

	/** Any thread: one job of the record, at {@code job} in it, is durably settled. */
	void settleOne(TakenRecord record, int job) {
		if (record.settleOne(job)) {
			this.finished.add(record);
		}
	}

	/** Applies the records that finished since the last call. */
	void applyFinished() {
		for (TakenRecord done = this.finished.poll(); done != null; done = this.finished.poll()) {
			markFinished(done);
		}
	}

	/** Waits up to {@code grace} for the records to finish, applying whatever does. */
	void awaitSettled(Set<TakenRecord> pending, Duration grace) {
		long deadline = System.nanoTime() + grace.toNanos();
		for (TakenRecord done = this.finished.poll(); done != null; done = this.finished.poll()) {
			markFinished(done);
			pending.remove(done);
		}
		while (!pending.isEmpty() && System.nanoTime() < deadline) {
			try {
				TakenRecord done = this.finished.poll(10, TimeUnit.MILLISECONDS);
				if (done != null) {
					markFinished(done);
					pending.remove(done);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void markFinished(TakenRecord done) {
		this.offsets.finished(done.partition(), done.offset());
		Set<TakenRecord> records = this.unsettled.get(done.partition());
		if (records != null) {
			records.remove(done);
		}
		Set<TakenRecord> partition = this.chunks.get(done.partition());
		if (partition != null) {
			partition.remove(done);
		}
	}

	/** The chunks of the partition some but not all of whose jobs settled, by offset. */
	private SortedMap<Long, BitSet> partlySettled(TopicPartition partition) {
		var partly = new TreeMap<Long, BitSet>();
		for (TakenRecord chunk : this.chunks.getOrDefault(partition, Set.of())) {
			BitSet settled = chunk.partlySettled();
			if (settled != null) {
				partly.put(chunk.offset(), settled);
			}
		}
		return partly;
	}

	/** The partition's unsettled records, newest first. */
	List<TakenRecord> newestFirst(TopicPartition partition) {
		return this.unsettled.getOrDefault(partition, Set.of())
			.stream()
			.sorted(Comparator.comparingLong(TakenRecord::offset).reversed())
			.toList();
	}

	Map<TopicPartition, OffsetAndMetadata> committable() {
		return this.offsets.committable(this::partlySettled);
	}

	void commitFailed(Collection<TopicPartition> partitions) {
		this.offsets.commitFailed(partitions);
	}

	Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> partitions) {
		return this.offsets.positions(partitions, this::partlySettled);
	}

	/** The partitions moved away: nothing of them is tracked or counted any more. */
	void forget(Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			Set<TakenRecord> records = this.unsettled.remove(partition);
			if (records != null) {
				records.forEach(TakenRecord::abandon);
			}
			this.chunks.remove(partition);
		}
		this.offsets.forget(partitions);
	}

	/** Jobs taken and not yet settled: finished work waiting for Kafka counts too. */
	int unsettledJobs() {
		return this.unsettledJobs.get();
	}

}
