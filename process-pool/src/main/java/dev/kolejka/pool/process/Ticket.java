package dev.kolejka.pool.process;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import org.jspecify.annotations.Nullable;

/**
 * A task handed to a {@link ProcessPool}: queued, then running in one child, then done.
 * Each step is taken once, under the ticket's monitor, so a cancel, a deadline and the
 * child's answer can race without reporting twice or killing a child that has moved on to
 * another task.
 */
public final class Ticket {

	private enum Phase {

		QUEUED, RUNNING, DONE

	}

	private final ProcessWork work;

	private final ProcessPool pool;

	private Phase phase = Phase.QUEUED;

	private @Nullable ChildSlot slot;

	private @Nullable JobError killReason;

	private long startedNanos;

	private @Nullable ScheduledFuture<?> deadline;

	Ticket(ProcessWork work, ProcessPool pool) {
		this.work = work;
		this.pool = pool;
	}

	public ProcessWork work() {
		return this.work;
	}

	/**
	 * Cancels the task: a queued one never runs, a running one has its child killed. Its
	 * outcome is {@link ChildOutcome.Killed} with a {@code CANCELLED} error.
	 * @return false when it had already finished
	 */
	public boolean cancel() {
		return kill(new JobError(ErrorType.CANCELLED, "cancelled", null));
	}

	boolean kill(JobError reason) {
		ChildSlot running;
		synchronized (this) {
			switch (this.phase) {
				case DONE -> {
					return false;
				}
				case QUEUED -> {
					this.phase = Phase.DONE;
					running = null;
				}
				default -> {
					if (this.killReason == null) {
						this.killReason = reason;
					}
					running = this.slot;
				}
			}
		}
		if (running == null) {
			this.pool.leftQueue();
			this.work.listener().finished(new ChildOutcome.Killed(reason, 0, Duration.ZERO));
		}
		else {
			running.killChild(this);
		}
		return true;
	}

	/** A child takes the task; false if it was cancelled while queued. */
	boolean start(ChildSlot slot) {
		synchronized (this) {
			if (this.phase != Phase.QUEUED) {
				return false;
			}
			this.phase = Phase.RUNNING;
			this.slot = slot;
			this.startedNanos = System.nanoTime();
		}
		this.pool.leftQueue();
		return true;
	}

	/** The listener refused the task at the last moment: it ends without an outcome. */
	synchronized void drop() {
		this.phase = Phase.DONE;
	}

	synchronized boolean isRunningOn(ChildSlot slot) {
		return this.phase == Phase.RUNNING && this.slot == slot;
	}

	synchronized void deadline(ScheduledFuture<?> deadline) {
		this.deadline = deadline;
	}

	synchronized @Nullable JobError killReason() {
		return this.killReason;
	}

	Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.startedNanos);
	}

	void finish(ChildOutcome outcome) {
		ScheduledFuture<?> pending;
		synchronized (this) {
			if (this.phase == Phase.DONE) {
				return;
			}
			this.phase = Phase.DONE;
			pending = this.deadline;
		}
		if (pending != null) {
			pending.cancel(false);
		}
		this.work.listener().finished(outcome);
	}

}
