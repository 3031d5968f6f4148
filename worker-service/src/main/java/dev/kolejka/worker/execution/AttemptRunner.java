package dev.kolejka.worker.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.kolejka.job.Execution;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.worker.config.WorkerProperties;
import dev.kolejka.worker.event.EventPublisher;
import dev.kolejka.worker.pool.ExecutionPool;
import dev.kolejka.worker.pool.cpu.CpuPool;
import dev.kolejka.worker.pool.io.IoPool;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
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

	AttemptRunner(WorkerProperties properties, TaskRegistry registry, EventPublisher events, OutcomeReporter outcomes,
			Cancellations cancellations, WorkerIdentity worker, JsonMapper json, AttemptMetrics metrics, Clock clock) {
		this.cancellations = cancellations;
		this.cpu = new CpuPool(properties.pools().cpuThreads());
		this.pools.put(Pool.CPU, this.cpu);
		this.pools.put(Pool.IO, new IoPool(properties.pools().ioPermits()));
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
		Pool pool = job.options()
			.poolOr(this.registry.describe(job.task().getClass()).map(TaskDescriptor::defaultPool).orElse(Pool.CPU));
		ExecutionPool target = this.pools.get(pool);
		if (target == null) {
			if (!callbacks.admitted().getAsBoolean()) {
				callbacks.released().run();
				return;
			}
			var error = JobError.invalid("The " + pool.id() + " pool is not available on worker " + this.worker.id()
					+ "; submit with options.pool cpu or io");
			this.outcomes.failed(job, null, null, error, callbacks.settled());
			callbacks.released().run();
			return;
		}
		target.execute(() -> attempt(job, pool, callbacks));
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
		JobSubmission job = attempt.job();
		String resultJson;
		try {
			resultJson = this.json.writeValueAsString(result);
		}
		catch (JacksonException ex) {
			failed(attempt, thread, JobError.of(ex), runMs, callbacks);
			return;
		}
		if (resultJson.length() > this.maxResultBytes) {
			failed(attempt, thread,
					JobError.invalid("The result is " + resultJson.length()
							+ " bytes of JSON, over kolejka.worker.max-result-size (" + this.maxResultBytes + ")"),
					runMs, callbacks);
			return;
		}
		this.metrics.completed(attempt, "succeeded", runMs);
		this.outcomes.succeeded(new JobEvent.Succeeded(job.id(), job.taskName(), job.attempt(), attempt.started(),
				this.clock.instant(), execution(attempt, thread, runMs), resultJson, context.counterDeltas(),
				JobEvent.Submission.of(job)), callbacks.settled());
	}

	private void failed(Attempt attempt, Thread thread, JobError error, long runMs, AttemptCallbacks callbacks) {
		this.metrics.completed(attempt, error.type().name().toLowerCase(java.util.Locale.ROOT), runMs);
		this.outcomes.failed(attempt.job(), attempt.started(), execution(attempt, thread, runMs), error,
				callbacks.settled());
	}

	private Execution execution(Attempt attempt, Thread thread, long runMs) {
		return new Execution(this.worker.id(), attempt.pool(), this.worker.pid(), thread.getName(),
				attempt.job().attempt(), attempt.queueWaitMs(), runMs);
	}

	private static long elapsedMs(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	@Override
	public void destroy() {
		this.deadlines.shutdownNow();
		this.pools.values().forEach(ExecutionPool::close);
	}

}
