package dev.kolejka.worker.consumer;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * A record taken from Kafka whose jobs are not all settled yet.
 *
 * <p>
 * Why it can be handed back: when its partition moves to another worker (a rebalance, a
 * shutdown), a record none of whose jobs has started is simply left uncommitted; the next
 * owner runs it, and this worker never does, so it runs once. A record with a started job
 * cannot be handed back that way: the consumer waits for it to settle instead, because
 * redelivering it would run the started jobs again. {@link #admit} and {@link #handBack}
 * decide that race on one atomic counter: the number of started jobs, or -1 once handed
 * back.
 *
 * <p>
 * A chunk (a record of several jobs) also knows which of its jobs settled: if its
 * partition moves on while some still run, the commit names the settled ones so that the
 * next owner runs only the rest ({@link FinishedAbove}).
 */
final class TakenRecord {

	private final TopicPartition partition;

	private final long offset;

	private final AtomicInteger unsettled;

	/**
	 * The jobs of every record not yet settled or abandoned: what backpressure bounds.
	 */
	private final AtomicInteger unsettledJobs;

	private final AtomicInteger started = new AtomicInteger();

	/** Which of a chunk's jobs settled, guarded by itself; null for a single job. */
	private final @Nullable BitSet settledJobs;

	/**
	 * Retries waiting out their backoff: added by the poll thread, and by pool threads
	 * for the in-place retries of keyed jobs.
	 */
	private final List<Future<?>> waiting = new CopyOnWriteArrayList<>();

	/**
	 * @param settledEarlier the jobs the partition's previous owner settled: they count
	 * as settled here and never run
	 */
	TakenRecord(TopicPartition partition, long offset, int jobs, BitSet settledEarlier, AtomicInteger unsettledJobs) {
		this.partition = partition;
		this.offset = offset;
		BitSet earlier = settledEarlier.get(0, jobs);
		int left = jobs - earlier.cardinality();
		this.unsettled = new AtomicInteger(left);
		this.settledJobs = (jobs > 1) ? earlier : null;
		this.unsettledJobs = unsettledJobs;
		unsettledJobs.addAndGet(left);
	}

	/** On the pool thread, before a job starts: false if the record was handed back. */
	boolean admit() {
		for (int current = this.started.get(); current >= 0; current = this.started.get()) {
			if (this.started.compareAndSet(current, current + 1)) {
				return true;
			}
		}
		return false;
	}

	/** True if no job had started: from now on none will. */
	boolean handBack() {
		return this.started.compareAndSet(0, -1);
	}

	/**
	 * The record's partition moved on with jobs of it started here: none of its jobs
	 * starts again here (a keyed job's in-place retry included).
	 * @return true if it was not handed back already
	 */
	boolean revoke() {
		return this.started.getAndSet(-1) >= 0;
	}

	/** False once handed back or revoked: the partition's next owner runs its jobs. */
	boolean owned() {
		return this.started.get() >= 0;
	}

	/**
	 * True when this was the record's last unsettled job. A job settling after its record
	 * was {@link #abandon abandoned} counts for nothing, and so does a chunk's job
	 * settling twice: the total must stay exact.
	 * @param job the job's place in the record
	 */
	boolean settleOne(int job) {
		if (this.settledJobs != null) {
			synchronized (this.settledJobs) {
				if (this.settledJobs.get(job)) {
					return false;
				}
				this.settledJobs.set(job);
			}
		}
		for (int left = this.unsettled.get(); left > 0; left = this.unsettled.get()) {
			if (this.unsettled.compareAndSet(left, left - 1)) {
				this.unsettledJobs.decrementAndGet();
				return left == 1;
			}
		}
		return false;
	}

	/**
	 * The record's partition is forgotten: whatever of it has not settled is no longer
	 * this worker's to count.
	 */
	void abandon() {
		this.unsettledJobs.addAndGet(-this.unsettled.getAndSet(0));
	}

	/**
	 * The jobs of a chunk settled so far, while some are not; null when none or all are,
	 * or for a single job.
	 */
	@Nullable BitSet partlySettled() {
		if (this.settledJobs == null || this.unsettled.get() == 0) {
			return null;
		}
		synchronized (this.settledJobs) {
			return this.settledJobs.isEmpty() ? null : (BitSet) this.settledJobs.clone();
		}
	}

	/** True if every job of it settled before it was taken: nothing is left to run. */
	boolean settledBeforeTaken() {
		return this.unsettled.get() == 0 && this.started.get() == 0;
	}

	boolean isChunk() {
		return this.settledJobs != null;
	}

	void waitsFor(Future<?> retry) {
		this.waiting.add(retry);
	}

	/**
	 * Cancels the retries still waiting; how many were cancelled (their jobs will never
	 * run here).
	 */
	int cancelWaiting() {
		int cancelled = 0;
		for (Future<?> retry : this.waiting) {
			if (retry.cancel(false)) {
				cancelled++;
			}
		}
		return cancelled;
	}

	TopicPartition partition() {
		return this.partition;
	}

	long offset() {
		return this.offset;
	}

}
