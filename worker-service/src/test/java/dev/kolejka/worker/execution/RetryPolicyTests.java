package dev.kolejka.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;

import dev.kolejka.job.JobOptions;
import org.junit.jupiter.api.Test;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(new SplittableRandom(7));

	private final JobOptions options = new JobOptions(null, 10, Duration.ofSeconds(1), null, null);

	@Test
	void eachAttemptWaitsBetweenHalfAndAllOfTheDoubledBackoff() {
		for (int attempt = 1; attempt <= 5; attempt++) {
			long full = 1000L << (attempt - 1);
			for (int i = 0; i < 200; i++) {
				assertThat(this.policy.delayAfter(attempt, this.options).toMillis()).isBetween(full / 2, full);
			}
		}
	}

	@Test
	void jitterSpreadsRetriesOfJobsThatFailedTogether() {
		var delays = new java.util.HashSet<Duration>();
		for (int i = 0; i < 50; i++) {
			delays.add(this.policy.delayAfter(3, this.options));
		}

		assertThat(delays).hasSizeGreaterThan(40);
	}

	@Test
	void delaysAreCappedAtAnHourHoweverManyAttempts() {
		assertThat(this.policy.delayAfter(60, this.options)).isLessThanOrEqualTo(RetryPolicy.MAX_DELAY)
			.isGreaterThanOrEqualTo(RetryPolicy.MAX_DELAY.dividedBy(2));
	}

	@Test
	void aBackoffTooLongForMillisecondsWaitsTheLongestDelayInsteadOfThrowing() {
		var centuries = new JobOptions(null, 3, Duration.ofHours(2_562_048).multipliedBy(1_000), null, null);

		assertThat(this.policy.delayAfter(1, centuries)).isBetween(RetryPolicy.MAX_DELAY.dividedBy(2),
				RetryPolicy.MAX_DELAY);
		assertThat(this.policy.delayAfter(Integer.MAX_VALUE, centuries)).isLessThanOrEqualTo(RetryPolicy.MAX_DELAY);
	}

	@Test
	void aNegativeBackoffRetriesAtOnce() {
		var negative = new JobOptions(null, 3, Duration.ofSeconds(-5), null, null);

		assertThat(this.policy.delayAfter(1, negative)).isEqualTo(Duration.ZERO);
	}

}
