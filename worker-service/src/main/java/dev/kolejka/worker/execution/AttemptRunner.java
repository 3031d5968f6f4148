package dev.kolejka.worker.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import dev.kolejka.job.Execution;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.metrics.MetricNames;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.worker.config.WorkerProperties;
import dev.kolejka.worker.event.EventPublisher;
import dev.kolejka.worker.pool.ExecutionPool;
import dev.kolejka.worker.pool.cpu.CpuPool;
import dev.kolejka.worker.pool.io.IoPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one attempt of a job on its pool and reports it: a {@code Running} event when it
 * starts, then a terminal event with the result (as JSON), the error, the counter deltas
 * and the execution metadata. {@code done} runs once Kafka has acknowledged the terminal
 * event; only then may the job's offset be committed.
 */
@Component
public class AttemptRunner implements DisposableBean {

	private final Map<Pool, ExecutionPool> pools = new EnumMap<>(Pool.class);

	private final CpuPool cpu;

	private final TaskRegistry registry;

	private final EventPublisher events;

	private final WorkerIdentity worker;

	private final JsonMapper json;

	private final long maxResultBytes;

	private final MeterRegistry meters;

	private final Clock clock;

	AttemptRunner(WorkerProperties properties, TaskRegistry registry, EventPublisher events, WorkerIdentity worker,
			JsonMapper json, MeterRegistry meters, Clock clock) {
		this.cpu = new CpuPool(properties.pools().cpuThreads());
		this.pools.put(Pool.CPU, this.cpu);
		this.pools.put(Pool.IO, new IoPool(properties.pools().ioPermits()));
		this.registry = registry;
		this.events = events;
		this.worker = worker;
		this.json = json;
		this.maxResultBytes = properties.maxResultSize().toBytes();
		this.meters = meters;
		this.clock = clock;
	}

	/** Starts the attempt on its pool without blocking the caller. */
	public void run(JobSubmission job, Runnable done) {
		Pool pool = job.options()
			.poolOr(this.registry.describe(job.task().getClass()).map(TaskDescriptor::defaultPool).orElse(Pool.CPU));
		ExecutionPool target = this.pools.get(pool);
		if (target == null) {
			var error = JobError.invalid("The " + pool.id() + " pool is not available on worker " + this.worker.id()
					+ "; submit with options.pool cpu or io");
			this.events.publish(new JobEvent.Failed(job.id(), job.taskName(), job.attempt(), null, this.clock.instant(),
					null, error, JobEvent.Submission.of(job)), done);
			return;
		}
		target.execute(() -> attempt(job, pool, done));
	}

	public Map<Pool, ExecutionPool> pools() {
		return Map.copyOf(this.pools);
	}

	private void attempt(JobSubmission job, Pool pool, Runnable done) {
		Instant started = this.clock.instant();
		long queueWaitMs = Math.max(0, Duration.between(job.submittedAt(), started).toMillis());
		String thread = Thread.currentThread().getName();
		this.events.publish(new JobEvent.Running(job.id(), job.taskName(), job.attempt(), started,
				execution(pool, thread, job, queueWaitMs, 0), JobEvent.Submission.of(job)), null);
		var context = new AttemptContext(job.id(), job.attempt(), this.cpu);
		long startNanos = System.nanoTime();
		JobEvent outcome;
		try {
			Object result = job.task().run(context);
			long runMs = elapsedMs(startNanos);
			Execution execution = execution(pool, thread, job, queueWaitMs, runMs);
			outcome = succeededOrTooLarge(job, started, execution, result, context);
		}
		catch (Exception | StackOverflowError | OutOfMemoryError ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			outcome = new JobEvent.Failed(job.id(), job.taskName(), job.attempt(), started, this.clock.instant(),
					execution(pool, thread, job, queueWaitMs, elapsedMs(startNanos)), JobError.of(ex),
					JobEvent.Submission.of(job));
		}
		record(job, pool, outcome, queueWaitMs, elapsedMs(startNanos));
		this.events.publish(outcome, done);
	}

	private JobEvent succeededOrTooLarge(JobSubmission job, Instant started, Execution execution, Object result,
			AttemptContext context) {
		String resultJson;
		try {
			resultJson = this.json.writeValueAsString(result);
		}
		catch (JacksonException ex) {
			return new JobEvent.Failed(job.id(), job.taskName(), job.attempt(), started, this.clock.instant(),
					execution, JobError.of(ex), JobEvent.Submission.of(job));
		}
		if (resultJson.length() > this.maxResultBytes) {
			return new JobEvent.Failed(job.id(), job.taskName(), job.attempt(), started, this.clock.instant(),
					execution,
					JobError.invalid("The result is " + resultJson.length()
							+ " bytes of JSON, over kolejka.worker.max-result-size (" + this.maxResultBytes + ")"),
					JobEvent.Submission.of(job));
		}
		return new JobEvent.Succeeded(job.id(), job.taskName(), job.attempt(), started, this.clock.instant(), execution,
				resultJson, context.counterDeltas(), JobEvent.Submission.of(job));
	}

	private Execution execution(Pool pool, String thread, JobSubmission job, long queueWaitMs, long runMs) {
		return new Execution(this.worker.id(), pool, this.worker.pid(), thread, job.attempt(), queueWaitMs, runMs);
	}

	private void record(JobSubmission job, Pool pool, JobEvent outcome, long queueWaitMs, long runMs) {
		String result = (outcome instanceof JobEvent.Succeeded) ? "succeeded" : "failed";
		this.meters
			.counter(MetricNames.JOBS_COMPLETED, MetricNames.Tags.TASK, job.taskName(), MetricNames.Tags.POOL,
					pool.id(), MetricNames.Tags.OUTCOME, result)
			.increment();
		Timer.builder(MetricNames.JOB_RUN)
			.tags(MetricNames.Tags.TASK, job.taskName(), MetricNames.Tags.POOL, pool.id())
			.publishPercentileHistogram()
			.register(this.meters)
			.record(Duration.ofMillis(runMs));
		Timer.builder(MetricNames.JOB_QUEUE_WAIT)
			.publishPercentileHistogram()
			.register(this.meters)
			.record(Duration.ofMillis(queueWaitMs));
	}

	private static long elapsedMs(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	@Override
	public void destroy() {
		this.pools.values().forEach(ExecutionPool::close);
	}

}
