package dev.kolejka.worker.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.Execution;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.pool.process.ChildOutcome;
import dev.kolejka.pool.process.ProcessWork;
import dev.kolejka.pool.process.Ticket;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.TaskValidation;
import dev.kolejka.worker.config.WorkerProperties;
import dev.kolejka.worker.event.EventPublisher;
import dev.kolejka.worker.pool.ExecutionPool;
import dev.kolejka.worker.pool.ThreadPool;
import dev.kolejka.worker.pool.cpu.CpuPool;
import dev.kolejka.worker.pool.io.IoPool;
import dev.kolejka.worker.pool.process.ChildProcessPool;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one attempt of a job on its pool and reports it: a {@code Running} event when it
 * starts, then its outcome through the {@link OutcomeReporter}. With a {@code timeout},
 * the attempt is decided at the deadline: the thread is interrupted and the job reported
 * timed out at once, even if the task ignores the interrupt.
 */
@Component
public class AttemptRunner implements DisposableBean {

	private final Map<Pool, ExecutionPool> pools = new EnumMap<>(Pool.class);

	private final CpuPool cpu;

	private final @Nullable ChildProcessPool children;

	private final ScheduledExecutorService deadlines = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-deadlines").daemon().factory());

	private final TaskRegistry registry;

	private final EventPublisher events;

	private final OutcomeReporter outcomes;

	private final Cancellations cancellations;

	private final WorkerIdentity worker;

	private final JsonMapper json;

	private final long maxResultBytes;

	private final AttemptMetrics metrics;

	private final Clock clock;

	private final TaskValidation validation;

	AttemptRunner(WorkerProperties properties, TaskRegistry registry, EventPublisher events, OutcomeReporter outcomes,
			Cancellations cancellations, WorkerIdentity worker, JsonMapper json, AttemptMetrics metrics, Clock clock,
			@Value("${kolejka.tasks.chaos.enabled:false}") boolean chaosEnabled, TaskValidation validation) {
		this.validation = validation;
		this.cancellations = cancellations;
		this.cpu = new CpuPool(properties.pools().cpuThreads());
		this.pools.put(Pool.CPU, this.cpu);
		this.pools.put(Pool.IO, new IoPool(properties.pools().ioPermits()));
		this.children = properties.pools().process().enabled()
				? new ChildProcessPool(properties.pools().process(), new TaskSettings(chaosEnabled)) : null;
		if (this.children != null) {
			this.pools.put(Pool.PROCESS, this.children);
		}
		this.registry = registry;
		this.events = events;
		this.outcomes = outcomes;
		this.worker = worker;
		this.json = json;
		this.maxResultBytes = properties.maxResultSize().toBytes();
		this.metrics = metrics;
		this.clock = clock;
	}

	/** Starts the attempt on its pool without blocking the caller. */
	public void run(JobSubmission job, AttemptCallbacks callbacks) {
		Optional<JobError> invalid = this.validation.check(job);
		if (invalid.isPresent()) { // hostile or corrupt values from Kafka: INVALID, no
									// retry, nothing runs
			refuse(job, invalid.get(), callbacks);
			return;
		}
		Pool pool = job.options()
			.poolOr(this.registry.describe(job.task().getClass()).map(TaskDescriptor::defaultPool).orElse(Pool.CPU));
		if (pool == Pool.PROCESS && this.children != null) {
			var attempt = new ChildAttempt(job, callbacks);
			attempt.ticket = this.children
				.submit(new ProcessWork(job.task(), job.id().value(), job.attempt(), job.options().timeout(), attempt));
			return;
		}
		ExecutionPool target = this.pools.get(pool);
		if (!(target instanceof ThreadPool threads)) {
			if (!callbacks.admitted().getAsBoolean()) {
				callbacks.released().run();
				return;
			}
			var error = JobError.invalid("The " + pool.id() + " pool is not available on worker " + this.worker.id()
					+ "; submit with options.pool cpu or io");
			this.outcomes.failed(job, null, null, error, callbacks);
			callbacks.released().run();
			return;
		}
		threads.execute(() -> attempt(job, pool, callbacks));
	}

	private void refuse(JobSubmission job, JobError error, AttemptCallbacks callbacks) {
		if (callbacks.admitted().getAsBoolean()) {
			this.outcomes.failed(job, null, null, error, callbacks);
		}
		callbacks.released().run();
	}

	public Map<Pool, ExecutionPool> pools() {
		return Map.copyOf(this.pools);
	}

	private void attempt(JobSubmission job, Pool pool, AttemptCallbacks callbacks) {
		if (!callbacks.admitted().getAsBoolean()) {
			callbacks.released().run();
			return;
		}
		if (this.cancellations.isCancelled(job.id())) {
			this.outcomes.cancelled(job, null, callbacks.settled());
			callbacks.released().run();
			return;
		}
		var attempt = new Attempt(job, pool, this.clock.instant());
		Thread thread = Thread.currentThread();
		this.events.publish(new JobEvent.Running(job.id(), job.taskName(), job.attempt(), attempt.started(),
				execution(attempt, thread, 0), JobEvent.Submission.of(job)), null);
		ScheduledFuture<?> deadline = scheduleDeadline(attempt, thread, callbacks);
		var context = new AttemptContext(job.id(), job.attempt(), this.cpu);
		long startNanos = System.nanoTime();
		try (AutoCloseable cancelHook = this.cancellations.whileRunning(job.id(), () -> {
			if (attempt.decide()) {
				attempt.interrupt(thread);
				this.metrics.completed(attempt, "cancelled", elapsedMs(startNanos));
				this.outcomes.cancelled(job, execution(attempt, thread, elapsedMs(startNanos)), callbacks.settled());
			}
		})) {
			Object result = job.task().run(context);
			if (attempt.decide()) {
				succeeded(attempt, thread, result, context, elapsedMs(startNanos), callbacks);
			}
		}
		catch (Exception | StackOverflowError | OutOfMemoryError ex) {
			if (attempt.decide()) {
				failed(attempt, thread, JobError.of(ex), elapsedMs(startNanos), callbacks);
			}
		}
		finally {
			if (deadline != null) {
				deadline.cancel(false);
			}
			attempt.finish();
			callbacks.released().run();
		}
	}

	private @Nullable ScheduledFuture<?> scheduleDeadline(Attempt attempt, Thread thread, AttemptCallbacks callbacks) {
		Duration timeout = attempt.job().options().timeout();
		if (timeout == null) {
			return null;
		}
		long startNanos = System.nanoTime();
		return this.deadlines.schedule(() -> {
			if (attempt.decide()) {
				attempt.interrupt(thread);
				failed(attempt, thread, JobError.timeout(timeout), elapsedMs(startNanos), callbacks);
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void succeeded(Attempt attempt, Thread thread, @Nullable Object result, AttemptContext context, long runMs,
			AttemptCallbacks callbacks) {
		succeeded(attempt, this.worker.pid(), thread.getName(), result, context.counterDeltas(), runMs, callbacks);
	}

	private void succeeded(Attempt attempt, long pid, String thread, @Nullable Object result,
			Map<String, Long> counters, long runMs, AttemptCallbacks callbacks) {
		JobSubmission job = attempt.job();
		String resultJson;
		try {
			resultJson = this.json.writeValueAsString(result);
		}
		catch (JacksonException ex) {
			failed(attempt, pid, thread, JobError.of(ex), runMs, callbacks);
			return;
		}
		if (resultJson.length() > this.maxResultBytes) {
			failed(attempt, pid, thread,
					JobError.invalid("The result is " + resultJson.length()
							+ " bytes of JSON, over kolejka.worker.max-result-size (" + this.maxResultBytes + ")"),
					runMs, callbacks);
			return;
		}
		this.metrics.completed(attempt, "succeeded", runMs);
		this.outcomes.succeeded(
				new JobEvent.Succeeded(job.id(), job.taskName(), job.attempt(), attempt.started(), this.clock.instant(),
						execution(attempt, pid, thread, runMs), resultJson, counters, JobEvent.Submission.of(job)),
				callbacks.settled());
	}

	private void failed(Attempt attempt, Thread thread, JobError error, long runMs, AttemptCallbacks callbacks) {
		failed(attempt, this.worker.pid(), thread.getName(), error, runMs, callbacks);
	}

	private void failed(Attempt attempt, long pid, String thread, JobError error, long runMs,
			AttemptCallbacks callbacks) {
		this.metrics.completed(attempt, error.type().name().toLowerCase(Locale.ROOT), runMs);
		this.outcomes.failed(attempt.job(), attempt.started(), execution(attempt, pid, thread, runMs), error,
				callbacks);
	}

	private Execution execution(Attempt attempt, Thread thread, long runMs) {
		return execution(attempt, this.worker.pid(), thread.getName(), runMs);
	}

	private Execution execution(Attempt attempt, long pid, String thread, long runMs) {
		return new Execution(this.worker.id(), attempt.pool(), pid, thread, attempt.job().attempt(),
				attempt.queueWaitMs(), runMs);
	}

	private static long elapsedMs(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	/**
	 * One job's attempt in a child process. The pool decides its outcome once (the
	 * child's answer, or a kill for the deadline, a cancel or a crash), so no
	 * {@link Attempt#decide} race is needed here.
	 */
	private final class ChildAttempt implements ProcessWork.Listener {

		private final JobSubmission job;

		private final AttemptCallbacks callbacks;

		private volatile @Nullable Attempt attempt;

		private final AutoCloseable cancelHook;

		private volatile long pid;

		private volatile String thread = "";

		private volatile @Nullable Ticket ticket;

		ChildAttempt(JobSubmission job, AttemptCallbacks callbacks) {
			this.job = job;
			this.callbacks = callbacks;
			// registered before the job is queued, so that no cancel can slip between the
			// two;
			// one that comes before the ticket exists is caught by admit()
			this.cancelHook = AttemptRunner.this.cancellations.whileRunning(job.id(), () -> {
				Ticket queued = this.ticket;
				if (queued != null) {
					queued.cancel();
				}
			});
		}

		@Override
		public boolean admit() {
			if (!this.callbacks.admitted().getAsBoolean()) {
				this.callbacks.released().run();
				return false;
			}
			if (AttemptRunner.this.cancellations.isCancelled(this.job.id())) {
				AttemptRunner.this.outcomes.cancelled(this.job, null, this.callbacks.settled());
				this.callbacks.released().run();
				return false;
			}
			return true;
		}

		@Override
		public void started(long pid, String thread) {
			var started = new Attempt(this.job, Pool.PROCESS, AttemptRunner.this.clock.instant());
			this.attempt = started;
			this.pid = pid;
			this.thread = thread;
			AttemptRunner.this.events
				.publish(new JobEvent.Running(this.job.id(), this.job.taskName(), this.job.attempt(), started.started(),
						execution(started, pid, thread, 0), JobEvent.Submission.of(this.job)), null);
		}

		@Override
		public void finished(ChildOutcome outcome) {
			Attempt started = this.attempt;
			try {
				if (started == null) {
					// cancelled or refused while still queued in the pool: it never ran
					if (outcome instanceof ChildOutcome.Killed killed && killed.error().type() == ErrorType.CANCELLED) {
						AttemptRunner.this.outcomes.cancelled(this.job, null, this.callbacks.settled());
					}
					else if (outcome instanceof ChildOutcome.Killed killed) {
						AttemptRunner.this.outcomes.failed(this.job, null, null, killed.error(), this.callbacks);
					}
					return;
				}
				switch (outcome) {
					case ChildOutcome.Returned returned -> succeeded(started, returned.pid(), this.thread,
							returned.result(), returned.counters(), returned.run().toMillis(), this.callbacks);
					case ChildOutcome.Threw threw -> failed(started, threw.pid(), this.thread, threw.error(),
							threw.run().toMillis(), this.callbacks);
					case ChildOutcome.Killed killed when killed.error().type() == ErrorType.CANCELLED -> {
						AttemptRunner.this.metrics.completed(started, "cancelled", killed.run().toMillis());
						AttemptRunner.this.outcomes.cancelled(this.job,
								execution(started, this.pid, this.thread, killed.run().toMillis()),
								this.callbacks.settled());
					}
					case ChildOutcome.Killed killed ->
						failed(started, this.pid, this.thread, killed.error(), killed.run().toMillis(), this.callbacks);
				}
			}
			finally {
				closeCancelHook();
				this.callbacks.released().run();
			}
		}

		private void closeCancelHook() {
			try {
				this.cancelHook.close();
			}
			catch (Exception ex) {
				// removing a map entry does not fail
			}
		}

	}

	@Override
	public void destroy() {
		this.deadlines.shutdownNow();
		this.pools.values().forEach(ExecutionPool::close);
	}

}
