package dev.kolejka.pool.process;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import org.jspecify.annotations.Nullable;

/**
 * The pool's chunks waiting for a child, and the pool's {@link PoolState}. Both live here
 * because they must change together: a chunk is only ever added while the pool is
 * {@link PoolState#OPEN}, under the same monitor that moves the state on, so once the
 * pool has left {@code OPEN} nothing new can slip into the queue behind the last
 * {@link #withdrawAll} and wait for ever.
 */
final class TaskQueue {

	private final BlockingQueue<List<Ticket>> chunks = new LinkedBlockingQueue<>();

	private final AtomicInteger queuedTasks = new AtomicInteger();

	private volatile PoolState state = PoolState.OPEN;

	/** Queues a chunk of tickets that a child runs together. */
	synchronized void add(List<Ticket> chunk) {
		if (this.state != PoolState.OPEN) {
			throw new IllegalStateException(
					"The process pool is " + this.state.name().toLowerCase(Locale.ROOT) + ": it takes no new tasks");
		}
		this.queuedTasks.addAndGet(chunk.size());
		this.chunks.add(List.copyOf(chunk));
	}

	/** Moves the state forward; false if it was there or beyond already. */
	synchronized boolean moveTo(PoolState next) {
		if (!this.state.canMoveTo(next)) {
			return false;
		}
		this.state = next;
		return true;
	}

	PoolState state() {
		return this.state;
	}

	/** The next chunk, or null after a short wait so the caller can look at the state. */
	@Nullable List<Ticket> next() throws InterruptedException {
		return this.chunks.poll(100, TimeUnit.MILLISECONDS);
	}

	/** Closed or terminated and nothing left to run: dispatchers may stop. */
	boolean isDrained() {
		return this.state != PoolState.OPEN && this.chunks.isEmpty();
	}

	/** A ticket left the queue (a child took it, or it was cancelled there). */
	void left() {
		this.queuedTasks.decrementAndGet();
	}

	int queued() {
		return this.queuedTasks.get();
	}

	/**
	 * Ends every queued task without running it: {@link ChildOutcome.NotStarted}, never a
	 * failed attempt, since none of them began.
	 */
	void withdrawAll(String reason) {
		var error = new JobError(ErrorType.WORKER_LOST, reason, null);
		for (List<Ticket> chunk = this.chunks.poll(); chunk != null; chunk = this.chunks.poll()) {
			for (Ticket ticket : chunk) {
				ticket.withdraw(error);
			}
		}
	}

}
