package dev.kolejka.job;

import java.time.Duration;

/**
 * Saturating conversions of a {@link Duration}. A job's options come from outside, and
 * {@link Duration#toNanos()} throws past about 292 years: one job whose {@code timeout}
 * or {@code backoff} overflowed would kill the thread that scheduled it.
 */
public final class Durations {

	private Durations() {
	}

	/** Nanoseconds, clamped to the range of a {@code long}. */
	public static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	/** Milliseconds, clamped to the range of a {@code long}. */
	public static long saturatedMillis(Duration duration) {
		try {
			return duration.toMillis();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	/** The duration, no shorter than {@code min} and no longer than {@code max}. */
	public static Duration clamp(Duration duration, Duration min, Duration max) {
		return (duration.compareTo(min) < 0) ? min : (duration.compareTo(max) > 0) ? max : duration;
	}

}
