package dev.kolejka.worker.execution;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.kolejka.job.Durations;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs an action at a job's deadline. Any {@code timeout} a client sent is accepted here:
 * one too long for nanoseconds waits for ever instead of throwing, so no option can kill
 * the thread that starts an attempt.
 */
@Component
class Deadlines implements DisposableBean {

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-deadlines").daemon().factory());

	ScheduledFuture<?> schedule(Duration timeout, Runnable atDeadline) {
		return this.timer.schedule(atDeadline, Math.max(0, Durations.saturatedNanos(timeout)), TimeUnit.NANOSECONDS);
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

}
