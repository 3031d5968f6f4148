package dev.kolejka.worker.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.kolejka.job.Durations;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Pool;

/**
 * One attempt in flight. Its outcome is decided exactly once: by the task returning or
 * throwing, or by its deadline, whichever comes first; the loser's report is dropped.
 *
 * <p>
 * The deadline interrupts the thread only while the task still runs on it:
 * {@link #interrupt} and {@link #finish} take the attempt's own monitor, so an interrupt
 * meant for this task can never land on the pool thread's next task.
 */
final class Attempt {

	private final JobSubmission job;

	private final Pool pool;

	private final Instant started;

	private final AtomicBoolean decided = new AtomicBoolean();

	private boolean running = true;

	Attempt(JobSubmission job, Pool pool, Instant started) {
		this.job = job;
		this.pool = pool;
		this.started = started;
	}

	/** True for the one caller that decides the outcome. */
	boolean decide() {
		return this.decided.compareAndSet(false, true);
	}

	synchronized void interrupt(Thread thread) {
		if (this.running) {
			thread.interrupt();
		}
	}

	/**
	 * Called on the attempt's thread when the task has returned; clears an interrupt the
	 * deadline left.
	 */
	void finish() {
		synchronized (this) {
			this.running = false;
		}
		Thread.interrupted();
	}

	JobSubmission job() {
		return this.job;
	}

	Pool pool() {
		return this.pool;
	}

	Instant started() {
		return this.started;
	}

	long queueWaitMs() {
		return Math.max(0, Durations.saturatedMillis(Duration.between(this.job.submittedAt(), this.started)));
	}

}
