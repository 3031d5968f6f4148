package dev.kolejka.pool.process;

import java.time.Duration;

/**
 * Durations turned into clock and scheduler arithmetic that cannot overflow. A client may
 * ask for any {@link Duration} ({@code PT2562048H} is past what a {@code long} of
 * nanoseconds holds, and {@link Duration#toNanos()} throws on it): here a negative one
 * counts as zero and one too long to count means for ever, so no option can make a
 * dispatcher thread throw.
 */
final class Deadline {

	private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

	private static final Duration MAX_MILLIS = Duration.ofMillis(Long.MAX_VALUE);

	private Deadline() {
	}

	/** Nanoseconds, clamped to {@code [0, Long.MAX_VALUE]}. */
	static long nanos(Duration duration) {
		if (duration.isNegative()) {
			return 0;
		}
		return (duration.compareTo(MAX_NANOS) >= 0) ? Long.MAX_VALUE : duration.toNanos();
	}

	/** Milliseconds, clamped to {@code [0, Long.MAX_VALUE]}. */
	static long millis(Duration duration) {
		if (duration.isNegative()) {
			return 0;
		}
		return (duration.compareTo(MAX_MILLIS) >= 0) ? Long.MAX_VALUE : duration.toMillis();
	}

	/**
	 * True when a wait this long never ends in practice (about 292 years): nothing needs
	 * scheduling for it.
	 */
	static boolean isForever(Duration duration) {
		return nanos(duration) == Long.MAX_VALUE;
	}

}
