package dev.kolejka.worker.execution;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.pool.process.ProcessWork;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskValidation;
import dev.kolejka.worker.event.EventPublisher;
import dev.kolejka.worker.pool.ExecutionPool;
import dev.kolejka.worker.pool.Pools;
import dev.kolejka.worker.pool.ThreadPool;
import dev.kolejka.worker.pool.process.ChildProcessPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Runs one attempt of a job on its pool and reports it: a {@code Running} event when it
 * starts, then its outcome. With a {@code timeout}, the attempt is decided at the
 * deadline: the thread is interrupted and the job reported timed out at once, even if the
 * task ignores the interrupt.
 *
 * <p>
 * Every attempt handed to {@link #run} settles and is released exactly once, whatever the
 * task throws ({@link Error}s included) and whatever the job's options say: a job that
 * cannot even be started is reported failed, so its record never holds its partition's
 * commits or its key's lane.
 */
@Component
public class AttemptRunner {

	private static final Log logger = LogFactory.getLog(AttemptRunner.class);

	private final Pools pools;

	private final TaskRegistry registry;

	private final EventPublisher events;

	private final AttemptResults results;

	private final Cancellations cancellations;

	private final Deadlines deadlines;

	private final Clock clock;

	private final TaskValidation validation;

	AttemptRunner(Pools pools, TaskRegistry registry, EventPublisher events, AttemptResults results,
			Cancellations cancellations, Deadlines deadlines, Clock clock, TaskValidation validation) {
		this.validation = validation;
		this.pools = pools;
		this.registry = registry;
		this.events = events;
		this.results = results;
		this.cancellations = cancellations;
		this.deadlines = deadlines;
		this.clock = clock;
	}

	/** Starts the attempt on its pool without blocking the caller. */
	public void run(JobSubmission job, AttemptCallbacks callbacks) {
		try {
			Optional<JobError> invalid = this.validation.check(job);
			if (invalid.isPresent()) {
				// hostile or corrupt values from Kafka: INVALID, no retry, nothing runs
				refuse(job, callbacks, invalid.get());
				return;
			}
			Pool pool = job.options()
				.poolOr(this.registry.describe(job.task().getClass())
					.map(TaskDescriptor::defaultPool)
					.orElse(Pool.CPU));
			ExecutionPool target = this.pools.get(pool).orElse(null);
			if (target instanceof ChildProcessPool children) {
				var attempt = new ChildAttempt(job, callbacks, this.results, this.cancellations, this.events,
						this.clock);
				attempt.queued(children.submit(new ProcessWork(job.task(), job.id().value(), job.attempt(),
						job.options().timeout(), attempt)));
			}
			else if (target instanceof ThreadPool threads) {
				threads.execute(() -> attempt(job, pool, callbacks));
			}
			else {
				refuse(job, callbacks, JobError.invalid("The " + pool.id() + " pool is not available on worker "
						+ this.results.workerId() + "; submit with options.pool cpu or io"));
			}
		}
		catch (RejectedExecutionException ex) {
			refuse(job, callbacks, new JobError(ErrorType.WORKER_LOST, "The worker is shutting down", null));
		}
		catch (RuntimeException ex) {
			logger.error("Could not start job " + job.id(), ex);
			refuse(job, callbacks, JobError.of(ex));
		}
	}

	private void refuse(JobSubmission job, AttemptCallbacks callbacks, JobError error) {
		try {
			if (callbacks.admitted().getAsBoolean()) {
				this.results.refused(job, error, callbacks);
			}
		}
		finally {
			callbacks.released().run();
		}
	}

	private void attempt(JobSubmission job, Pool pool, AttemptCallbacks callbacks) {
		try {
			if (!callbacks.admitted().getAsBoolean()) {
				return;
			}
			if (this.cancellations.isCancelled(job.id())) {
				this.results.cancelledBeforeStart(job, callbacks);
				return;
			}
			var attempt = new Attempt(job, pool, this.clock.instant());
			try {
				runTask(attempt, Thread.currentThread(), callbacks);
			}
			finally {
				attempt.finish();
			}
		}
		finally {
			callbacks.released().run();
		}
	}

	private void runTask(Attempt attempt, Thread thread, AttemptCallbacks callbacks) {
		JobSubmission job = attempt.job();
		var context = new AttemptContext(job.id(), job.attempt(), this.pools.cpu());
		long startNanos = System.nanoTime();
		ScheduledFuture<?> deadline = null;
		try (AutoCloseable cancelHook = this.cancellations.whileRunning(job.id(), () -> {
			if (attempt.decide()) {
				attempt.interrupt(thread);
				this.results.cancelled(attempt, this.results.pid(), thread.getName(), elapsedMs(startNanos), callbacks);
			}
		})) {
			this.events.publish(new JobEvent.Running(job.id(), job.taskName(), job.attempt(), attempt.started(),
					this.results.execution(attempt, this.results.pid(), thread.getName(), 0),
					JobEvent.Submission.of(job)), null);
			deadline = scheduleDeadline(attempt, thread, startNanos, callbacks);
			Object result = job.task().run(context);
			if (attempt.decide()) {
				this.results.succeeded(attempt, this.results.pid(), thread.getName(), result, context.counterDeltas(),
						elapsedMs(startNanos), callbacks);
			}
		}
		catch (Throwable ex) {
			// any Throwable, not only Exception: an AssertionError or a LinkageError from
			// a
			// task's jar must end the attempt like any failure, or its record never
			// settles
			if (attempt.decide()) {
				this.results.failed(attempt, this.results.pid(), thread.getName(), JobError.of(ex),
						elapsedMs(startNanos), callbacks);
			}
		}
		finally {
			if (deadline != null) {
				deadline.cancel(false);
			}
		}
	}

	private @Nullable ScheduledFuture<?> scheduleDeadline(Attempt attempt, Thread thread, long startNanos,
			AttemptCallbacks callbacks) {
		Duration timeout = attempt.job().options().timeout();
		if (timeout == null) {
			return null;
		}
		return this.deadlines.schedule(timeout, () -> {
			if (attempt.decide()) {
				attempt.interrupt(thread);
				this.results.failed(attempt, this.results.pid(), thread.getName(), JobError.timeout(timeout),
						elapsedMs(startNanos), callbacks);
			}
		});
	}

	private static long elapsedMs(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

}
