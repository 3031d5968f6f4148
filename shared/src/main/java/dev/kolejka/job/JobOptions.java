package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import dev.kolejka.task.Pool;
import org.jspecify.annotations.Nullable;

/**
 * How a job should run. A {@code null} pool means the task's default pool; a {@code null}
 * key means the job is not ordered against any other; a {@code null} timeout means none.
 */
public record JobOptions(@Nullable Pool pool, int maxAttempts, Duration backoff, @Nullable Duration timeout,
		@Nullable String key) {

	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

	public static final JobOptions DEFAULTS = new JobOptions(null, DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF, null, null);

	public JobOptions {
		requireNonNull(backoff, "backoff");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
		}
	}

	public Pool poolOr(Pool taskDefault) {
		return (this.pool != null) ? this.pool : taskDefault;
	}

}
