package dev.kolejka.pool.process;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task handed to a {@link ProcessPool}: queued, taken by a dispatcher, running in one
 * child, then done. Each step is taken once, under the ticket's monitor, so a cancel, a
 * deadline, a hang and the child's answer can race without reporting twice.
 *
 * <p>
 * Why a kill cannot hit the child's next task: a running ticket kills its child while
 * holding this monitor, and the dispatcher must take the same monitor to settle the
 * ticket before it hands that child anything else. So the child killed is always the one
 * running this ticket's chunk (a chunk's tasks share their child's fate).
 */
public final class Ticket {

	private static final Logger log = LoggerFactory.getLogger(Ticket.class);

	private enum Phase {

		/** In the pool's queue. */
		QUEUED,
		/** Taken by a dispatcher, being admitted and encoded: no child has it yet. */
		TAKEN,
		/** Sent to {@link #child}. */
		RUNNING,
		/** Its outcome is decided. */
		DONE

	}

	private final ProcessWork work;

	private final TaskQueue queue;

	private Phase phase = Phase.QUEUED;

	private @Nullable ChildProcess child;

	private @Nullable JobError killReason;

	private long startedNanos;

	private @Nullable ScheduledFuture<?> deadline;

	Ticket(ProcessWork work, TaskQueue queue) {
		this.work = work;
		this.queue = queue;
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

	/**
	 * Ends the task for {@code reason}: at once if queued, by killing its child if it
	 * runs.
	 */
	boolean kill(JobError reason) {
		synchronized (this) {
			switch (this.phase) {
				case DONE -> {
					return false;
				}
				case QUEUED -> this.phase = Phase.DONE;
				default -> {
					if (this.killReason == null) {
						this.killReason = reason;
					}
					if (this.child != null) {
						this.child.kill(reason.message());
					}
					return true;
				}
			}
		}
		this.queue.left();
		notifyListener(new ChildOutcome.Killed(reason, 0, Duration.ZERO));
		return true;
	}

	/** Ends a task still queued without running it: the pool stopped first. */
	void withdraw(JobError reason) {
		synchronized (this) {
			if (this.phase != Phase.QUEUED) {
				return;
			}
			this.phase = Phase.DONE;
		}
		this.queue.left();
		notifyListener(new ChildOutcome.NotStarted(reason));
	}

	/** A dispatcher takes the task from the queue; false if it ended there already. */
	boolean take() {
		synchronized (this) {
			if (this.phase != Phase.QUEUED) {
				return false;
			}
			this.phase = Phase.TAKEN;
		}
		this.queue.left();
		return true;
	}

	/**
	 * Asks the listener whether the task may still start. One that throws cannot be
	 * trusted either way, so the task fails instead ({@code EXCEPTION}), which settles
	 * it.
	 */
	boolean admit() {
		try {
			if (this.work.listener().admit()) {
				return true;
			}
			settle(new ChildOutcome.NotStarted(new JobError(ErrorType.WORKER_LOST, "refused by its listener", null)));
		}
		catch (Throwable ex) {
			log.error("A process pool listener failed to admit job {}", this.work.jobId(), ex);
			settle(new ChildOutcome.Threw(JobError.of(ex), 0, Duration.ZERO));
		}
		return false;
	}

	/**
	 * The task goes to {@code to}: false (and the task settled) if it was killed while
	 * being taken, or if the listener failed on hearing it started.
	 */
	boolean send(ChildProcess to, String thread) {
		JobError killed;
		synchronized (this) {
			killed = this.killReason;
			if (this.phase == Phase.TAKEN && killed == null) {
				this.phase = Phase.RUNNING;
				this.child = to;
				this.startedNanos = System.nanoTime();
			}
		}
		if (killed != null) {
			settle(new ChildOutcome.Killed(killed, 0, Duration.ZERO));
			return false;
		}
		try {
			this.work.listener().started(to.pid(), thread);
			return true;
		}
		catch (Throwable ex) {
			log.error("A process pool listener failed on the start of job {}", this.work.jobId(), ex);
			settle(new ChildOutcome.Threw(JobError.of(ex), to.pid(), Duration.ZERO));
			return false;
		}
	}

	synchronized void deadline(ScheduledFuture<?> deadline) {
		this.deadline = deadline;
	}

	/**
	 * Ends the task after its chunk failed under it: one taken or sent ends killed, for
	 * its own kill reason if it has one. One still queued in the chunk is offered to its
	 * listener first, as a start would be, unless the pool is terminating: then it ends
	 * not started.
	 */
	void abandon(JobError reason, long pid, boolean terminating) {
		boolean queued;
		Duration ran;
		synchronized (this) {
			queued = this.phase == Phase.QUEUED;
			ran = (this.phase == Phase.RUNNING) ? Duration.ofNanos(System.nanoTime() - this.startedNanos)
					: Duration.ZERO;
			if (this.killReason != null) {
				reason = this.killReason;
			}
		}
		if (queued && terminating) {
			withdraw(reason);
		}
		else if (!queued || (take() && admit())) {
			settle(new ChildOutcome.Killed(reason, ran.isZero() ? 0 : pid, ran));
		}
	}

	/** Decides the outcome, once; false if it was decided already. */
	boolean settle(ChildOutcome outcome) {
		ScheduledFuture<?> pending;
		synchronized (this) {
			if (this.phase == Phase.DONE) {
				return false;
			}
			this.phase = Phase.DONE;
			pending = this.deadline;
		}
		if (pending != null) {
			pending.cancel(false);
		}
		notifyListener(outcome);
		return true;
	}

	/** A listener that throws loses its own outcome, never the pool's thread. */
	private void notifyListener(ChildOutcome outcome) {
		try {
			this.work.listener().finished(outcome);
		}
		catch (Throwable ex) {
			log.error("A process pool listener failed on the outcome of job {}", this.work.jobId(), ex);
		}
	}

}
