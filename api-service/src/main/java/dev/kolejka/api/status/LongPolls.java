package dev.kolejka.api.status;

import java.time.Duration;
import java.util.concurrent.Semaphore;

import dev.kolejka.api.problem.ServiceUnavailableException;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * The cap on long polls waiting at once, jobs and batches together. Each one holds a
 * (virtual) request thread and a little heap; beyond the cap a poll is refused at once
 * with {@code 503} and {@code Retry-After}, rather than let waiters pile up without
 * bound.
 */
@Component
public class LongPolls {

	private final Semaphore permits;

	private final Duration retryAfter;

	LongPolls(Settings settings) {
		this.permits = new Semaphore(settings.max());
		this.retryAfter = settings.retryAfter();
	}

	/** Runs the wait within the cap, or refuses it with a 503 problem. */
	public <T> T within(java.util.function.Supplier<T> wait) {
		if (!this.permits.tryAcquire()) {
			throw ServiceUnavailableException.tooManyLongPolls(this.retryAfter);
		}
		try {
			return wait.get();
		}
		finally {
			this.permits.release();
		}
	}

	/**
	 * @param max long polls waiting at once
	 * @param retryAfter the {@code Retry-After} of a refused poll
	 */
	@Validated
	@ConfigurationProperties("kolejka.api.long-polls")
	public record Settings(@DefaultValue("10000") @Positive int max, @DefaultValue("1s") Duration retryAfter) {
	}

}
