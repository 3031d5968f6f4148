package dev.kolejka.worker.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Events per second over the last few whole seconds, lock-free: one bucket per second in
 * a ring, each stamped with the second it counts. A bucket is reclaimed by the first
 * event of a newer second; a reader sums only the buckets whose stamps fall in its
 * window, so a quiet pool reads zero without anyone resetting it.
 */
final class SlidingWindowCounter {

	private final int seconds;

	private final AtomicLongArray counts;

	private final AtomicLongArray stamps;

	private final LongSupplier clockMillis;

	SlidingWindowCounter(int seconds, LongSupplier clockMillis) {
		if (seconds < 1) {
			throw new IllegalArgumentException("The window must be at least one second");
		}
		this.seconds = seconds;
		// one spare bucket: the current, still filling second is never part of a reading
		this.counts = new AtomicLongArray(seconds + 1);
		this.stamps = new AtomicLongArray(seconds + 1);
		this.clockMillis = clockMillis;
		for (int i = 0; i < seconds + 1; i++) {
			this.stamps.set(i, Long.MIN_VALUE);
		}
	}

	void record() {
		long second = this.clockMillis.getAsLong() / 1000;
		int bucket = (int) Math.floorMod(second, (long) this.counts.length());
		long stamp = this.stamps.get(bucket);
		if (stamp != second) {
			if (this.stamps.compareAndSet(bucket, stamp, second)) {
				this.counts.set(bucket, 0);
			}
		}
		this.counts.incrementAndGet(bucket);
	}

	/** Events per second over the last {@code seconds} whole seconds. */
	double ratePerSecond() {
		long now = this.clockMillis.getAsLong() / 1000;
		long sum = 0;
		for (int i = 0; i < this.counts.length(); i++) {
			long stamp = this.stamps.get(i);
			if (stamp < now && stamp >= now - this.seconds) {
				sum += this.counts.get(i);
			}
		}
		return (double) sum / this.seconds;
	}

}
