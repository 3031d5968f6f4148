package dev.kolejka.worker.execution;

import java.time.Clock;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.pool.process.ChildOutcome;
import dev.kolejka.pool.process.ProcessWork;
import dev.kolejka.pool.process.Ticket;
import dev.kolejka.task.Pool;
import dev.kolejka.worker.event.EventPublisher;
import org.jspecify.annotations.Nullable;

/**
 * One job's attempt in a child process. The pool decides its outcome once (the child's
 * answer, or a kill for the deadline, a cancel or a crash), so no {@link Attempt#decide}
 * race is needed here. Whatever the pool reports, the attempt settles and releases its
 * capacity exactly once, and its cancel hook is closed.
 */
final class ChildAttempt implements ProcessWork.Listener {

	private final JobSubmission job;

	private final AttemptCallbacks callbacks;

	private final AttemptResults results;

	private final Cancellations cancellations;

	private final EventPublisher events;

	private final Clock clock;

	private final AutoCloseable cancelHook;

	private volatile @Nullable Attempt attempt;

	private volatile long pid;

	private volatile String thread = "";

	private volatile @Nullable Ticket ticket;

	ChildAttempt(JobSubmission job, AttemptCallbacks callbacks, AttemptResults results, Cancellations cancellations,
			EventPublisher events, Clock clock) {
		this.job = job;
		this.callbacks = callbacks;
		this.results = results;
		this.cancellations = cancellations;
		this.events = events;
		this.clock = clock;
		// registered before the job is queued, so that no cancel can slip between the
		// two; one that comes before the ticket exists is caught by admit()
		this.cancelHook = cancellations.whileRunning(job.id(), () -> {
			Ticket queued = this.ticket;
			if (queued != null) {
				queued.cancel();
			}
		});
	}

	void queued(Ticket ticket) {
		this.ticket = ticket;
	}

	/**
	 * A refusal is followed by {@code finished(NotStarted)}, which releases the job and
	 * closes its cancel hook.
	 */
	@Override
	public boolean admit() {
		if (!this.callbacks.admitted().getAsBoolean()) {
			return false;
		}
		if (this.cancellations.isCancelled(this.job.id())) {
			this.results.cancelledBeforeStart(this.job, this.callbacks);
			return false;
		}
		return true;
	}

	@Override
	public void started(long pid, String thread) {
		var started = new Attempt(this.job, Pool.PROCESS, this.clock.instant());
		this.attempt = started;
		this.pid = pid;
		this.thread = thread;
		this.events.publish(new JobEvent.Running(this.job.id(), this.job.taskName(), this.job.attempt(),
				started.started(), this.results.execution(started, pid, thread, 0), JobEvent.Submission.of(this.job)),
				null);
	}

	@Override
	public void finished(ChildOutcome outcome) {
		try {
			Attempt started = this.attempt;
			if (started == null) {
				notStarted(outcome);
			}
			else {
				report(started, outcome);
			}
		}
		finally {
			end();
		}
	}

	/**
	 * Ended before {@link #started}. {@code NotStarted} is no attempt: refused by
	 * {@link #admit} (handed back, or its cancel already reported there) or the pool
	 * stopped first, so an unsettled record is redelivered to its partition's next owner.
	 * A kill while queued is a cancel or a failure to start a child; a child's answer
	 * that came without its start is reported as if it had started now.
	 */
	private void notStarted(ChildOutcome outcome) {
		switch (outcome) {
			case ChildOutcome.NotStarted ignored -> {
			}
			case ChildOutcome.Killed killed when killed.error().type() == ErrorType.CANCELLED ->
				this.results.cancelledBeforeStart(this.job, this.callbacks);
			case ChildOutcome.Killed killed -> {
				if (this.callbacks.admitted().getAsBoolean()) {
					this.results.refused(this.job, killed.error(), this.callbacks);
				}
			}
			default -> report(new Attempt(this.job, Pool.PROCESS, this.clock.instant()), outcome);
		}
	}

	private void report(Attempt started, ChildOutcome outcome) {
		switch (outcome) {
			case ChildOutcome.Returned returned -> this.results.succeeded(started, returned.pid(), this.thread,
					returned.result(), returned.counters(), returned.run().toMillis(), this.callbacks);
			case ChildOutcome.Threw threw -> this.results.failed(started, threw.pid(), this.thread, threw.error(),
					threw.run().toMillis(), this.callbacks);
			case ChildOutcome.Killed killed when killed.error().type() == ErrorType.CANCELLED ->
				this.results.cancelled(started, this.pid, this.thread, killed.run().toMillis(), this.callbacks);
			case ChildOutcome.Killed killed -> this.results.failed(started, this.pid, this.thread, killed.error(),
					killed.run().toMillis(), this.callbacks);
			case ChildOutcome.NotStarted ignored -> {
				// never reaches here: notStarted() handles it
			}
		}
	}

	private void end() {
		try {
			this.cancelHook.close();
		}
		catch (Exception ex) {
			// removing a map entry does not fail
		}
		this.callbacks.released().run();
	}

}
