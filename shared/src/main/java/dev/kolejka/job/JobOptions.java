package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import dev.kolejka.task.Pool;
import org.jspecify.annotations.Nullable;

/**
 * How a job should run, and whose it is. A {@code null} pool means the task's default
 * pool; a {@code null} key means the job is not ordered against any other; a {@code null}
 * timeout means none.
 *
 * <p>
 * The owner and request hash travel here because options go everywhere the job goes (the
 * {@code jobs} record, every event's submission, the status view, a retry): so the view
 * and the workers keep them with no header to forward.
 *
 * @param owner the owner of the API key that submitted the job ({@code null} for a job
 * from before API keys, which only {@code admin} sees)
 * @param requestHash for a submit with an {@code Idempotency-Key}: a hash of what was
 * submitted, so a repeat with another body is refused on any replica
 */
public record JobOptions(@Nullable Pool pool, int maxAttempts, Duration backoff, @Nullable Duration timeout,
		@Nullable String key, @Nullable String owner, @Nullable String requestHash) {

	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

	public static final JobOptions DEFAULTS = new JobOptions(null, DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF, null, null);

	/** Options of no owner yet. */
	public JobOptions(@Nullable Pool pool, int maxAttempts, Duration backoff, @Nullable Duration timeout,
			@Nullable String key) {
		this(pool, maxAttempts, backoff, timeout, key, null, null);
	}

	public JobOptions {
		requireNonNull(backoff, "backoff");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
		}
	}

	/** The same options, owned by {@code newOwner}. */
	public JobOptions ownedBy(String newOwner, @Nullable String newRequestHash) {
		return new JobOptions(this.pool, this.maxAttempts, this.backoff, this.timeout, this.key, newOwner,
				newRequestHash);
	}

	public Pool poolOr(Pool taskDefault) {
		return (this.pool != null) ? this.pool : taskDefault;
	}

}
