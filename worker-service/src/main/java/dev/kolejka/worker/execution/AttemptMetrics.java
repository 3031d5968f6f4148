package dev.kolejka.worker.execution;

import java.time.Duration;

import dev.kolejka.metrics.MetricNames;
import dev.kolejka.worker.metrics.Completions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Completions, run times and queue waits of attempts, under the names of
 * {@link MetricNames}.
 */
@Component
class AttemptMetrics {

	private final MeterRegistry meters;

	private final Completions completions;

	AttemptMetrics(MeterRegistry meters, Completions completions) {
		this.meters = meters;
		this.completions = completions;
	}

	void completed(Attempt attempt, String outcome, long runMs) {
		this.completions.record(attempt.pool());
		String task = attempt.job().taskName();
		String pool = attempt.pool().id();
		this.meters
			.counter(MetricNames.JOBS_COMPLETED, MetricNames.Tags.TASK, task, MetricNames.Tags.POOL, pool,
					MetricNames.Tags.OUTCOME, outcome)
			.increment();
		Timer.builder(MetricNames.JOB_RUN)
			.tags(MetricNames.Tags.TASK, task, MetricNames.Tags.POOL, pool)
			.publishPercentileHistogram()
			.register(this.meters)
			.record(Duration.ofMillis(runMs));
		Timer.builder(MetricNames.JOB_QUEUE_WAIT)
			.publishPercentileHistogram()
			.register(this.meters)
			.record(Duration.ofMillis(attempt.queueWaitMs()));
	}

}
