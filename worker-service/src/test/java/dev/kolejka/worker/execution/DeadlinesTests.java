package dev.kolejka.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DeadlinesTests {

	private final Deadlines deadlines = new Deadlines();

	@Test
	void aTimeoutTooLongForNanosecondsIsScheduledForEverInsteadOfThrowing() {
		ScheduledFuture<?> deadline = this.deadlines.schedule(Duration.ofHours(2_562_048), () -> {
		});

		assertThat(deadline.getDelay(TimeUnit.DAYS)).isGreaterThan(365L * 100);
		deadline.cancel(false);
		this.deadlines.destroy();
	}

	@Test
	void aNegativeTimeoutFiresAtOnce() {
		var fired = new CompletableFuture<Void>();

		this.deadlines.schedule(Duration.ofSeconds(-5).multipliedBy(Long.MAX_VALUE / 10), () -> fired.complete(null));

		assertThat(fired).succeedsWithin(Duration.ofSeconds(10));
		this.deadlines.destroy();
	}

}
