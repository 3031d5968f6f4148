package dev.kolejka.worker.execution;

import java.time.Duration;
import java.util.random.RandomGenerator;

import dev.kolejka.job.Durations;
import dev.kolejka.job.JobOptions;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of
 * {@code backoff × 2^(n-1)}, capped. The random half spreads retries of jobs that failed
 * together (a dependency went down) instead of retrying them in lockstep.
 */
public final class RetryPolicy {

	/** The longest any retry waits, whatever its backoff or attempt number. */
	public static final Duration MAX_DELAY = Duration.ofHours(1);

	private final RandomGenerator random;

	public RetryPolicy(RandomGenerator random) {
		this.random = random;
	}

	/** How long to wait after the given failed attempt (1-based). */
	public Duration delayAfter(int failedAttempt, JobOptions options) {
		int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
		// a client's backoff may be anything, negative or centuries: clamp before any
		// arithmetic
		long base = Durations.clamp(options.backoff(), Duration.ZERO, MAX_DELAY).toMillis();
		long full = (base > MAX_DELAY.toMillis() >> doublings) ? MAX_DELAY.toMillis() : base << doublings;
		long half = full / 2;
		return Duration.ofMillis(half + ((full - half > 0) ? this.random.nextLong(full - half + 1) : 0));
	}

}
