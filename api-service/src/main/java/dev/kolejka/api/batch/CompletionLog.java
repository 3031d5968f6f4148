package dev.kolejka.api.batch;

import java.util.concurrent.TimeUnit;

/**
 * The order in which this replica saw a batch's jobs end: item indexes, appended once
 * each, never reordered. A completion-order stream reads it from a position, so a client
 * that reconnects with {@code Last-Event-ID: n} gets exactly the events after the
 * {@code n}-th, in the same order as before.
 */
final class CompletionLog {

	private final int[] order;

	private final boolean[] seen;

	private int size;

	CompletionLog(int total) {
		this.order = new int[total];
		this.seen = new boolean[total];
	}

	synchronized void append(int index) {
		if (!this.seen[index]) {
			this.seen[index] = true;
			this.order[this.size++] = index;
			notifyAll();
		}
	}

	/** The item index of the event at {@code position} (0-based). */
	synchronized int at(int position) {
		return this.order[position];
	}

	/**
	 * Waits up to {@code timeout} until the log holds more than {@code known} entries;
	 * answers its size.
	 */
	synchronized int awaitMoreThan(int known, long timeout, TimeUnit unit) throws InterruptedException {
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		long left;
		while (this.size <= known && (left = deadline - System.nanoTime()) > 0) {
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return this.size;
	}

	int total() {
		return this.order.length;
	}

}
