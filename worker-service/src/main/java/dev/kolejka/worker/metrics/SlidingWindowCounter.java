package dev.kolejka.worker.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Events per second over the last few whole seconds, lock-free: one bucket per second in
 * a ring. A bucket is reclaimed by the first event of a newer second; a reader sums only
 * the buckets whose seconds fall in its window, so a quiet pool reads zero without anyone
 * resetting it.
 * <p>
 * Each bucket is one {@code long}: the second it counts in the high 32 bits, the count in
 * the low 32 bits. Reclaiming a bucket and counting an event in it are then one atomic
 * update, so no event is lost to a concurrent reset (a separate stamp and count lost
 * events at every second boundary under contention). Seconds are compared by their
 * difference as {@code int}, which wraps correctly; a second's count would overflow only
 * past four billion events.
 */
final class SlidingWindowCounter {

	private static final long COUNT_MASK = 0xFFFF_FFFFL;

	private final int seconds;

	private final AtomicLongArray buckets;

	private final LongSupplier clockMillis;

	SlidingWindowCounter(int seconds, LongSupplier clockMillis) {
		if (seconds < 1) {
			throw new IllegalArgumentException("The window must be at least one second");
		}
		this.seconds = seconds;
		// one spare bucket: the current, still filling second is never part of a reading
		this.buckets = new AtomicLongArray(seconds + 1);
		this.clockMillis = clockMillis;
	}

	void record() {
		long second = this.clockMillis.getAsLong() / 1000;
		int bucket = (int) Math.floorMod(second, (long) this.buckets.length());
		int stamp = (int) second;
		this.buckets.getAndUpdate(bucket, (value) -> {
			int age = stamp - stampOf(value);
			if (age == 0) {
				return value + 1;
			}
			// a newer second owns the bucket: this event is older than any window now
			return (age > 0) ? ((long) stamp << 32) | 1 : value;
		});
	}

	/** Events per second over the last {@code seconds} whole seconds. */
	double ratePerSecond() {
		int now = (int) (this.clockMillis.getAsLong() / 1000);
		long sum = 0;
		for (int i = 0; i < this.buckets.length(); i++) {
			long value = this.buckets.get(i);
			int age = now - stampOf(value);
			if (age >= 1 && age <= this.seconds) {
				sum += value & COUNT_MASK;
			}
		}
		return (double) sum / this.seconds;
	}

	private static int stampOf(long value) {
		return (int) (value >>> 32);
	}

}
