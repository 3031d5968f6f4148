package dev.kolejka.loadgen;

import java.util.Map;

/**
 * What a load run measured: the JSON of {@code ./kolejka load --report} and of the
 * dashboard's load runs.
 *
 * @param task the task, or "mix"
 * @param startedAt when the schedule started (ISO-8601)
 * @param targetRate the jobs per second the schedule asked for
 * @param achievedRate jobs submitted per second of the submission window
 * @param batch jobs per submission
 * @param submitted jobs whose submission was sent
 * @param accepted jobs the API accepted (202 or 200)
 * @param completed jobs that ended {@code SUCCEEDED}
 * @param failed jobs that ended {@code FAILED} or {@code CANCELLED}
 * @param unfinished accepted jobs not terminal when the run ended
 * @param errors refused submissions and failed reads by HTTP status (or {@code connect},
 * {@code timeout}, {@code io}); never retried
 * @param durationSeconds the run's wall time, schedule and drain
 * @param stopped whether the run was stopped before its schedule ended
 * @param acceptLatencyMs scheduled time to the API's answer
 * @param completionLatencyMs scheduled time to the job seen terminal
 */
public record LoadReport(String task, String startedAt, double targetRate, double achievedRate, int batch,
		long submitted, long accepted, long completed, long failed, long unfinished, Map<String, Long> errors,
		double durationSeconds, boolean stopped, LatencyPercentiles acceptLatencyMs,
		LatencyPercentiles completionLatencyMs) {

	public LoadReport {
		errors = Map.copyOf(errors);
	}

	/** The summary a terminal prints at the end of a run. */
	public String summary() {
		return String.format(java.util.Locale.ROOT,
				"%s: target %.0f jobs/s, achieved %.1f jobs/s over %.1f s%n"
						+ "  submitted %d, accepted %d, completed %d, failed %d, unfinished %d, errors %s%n"
						+ "  accept     ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n"
						+ "  completion ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
				this.task, this.targetRate, this.achievedRate, this.durationSeconds, this.submitted, this.accepted,
				this.completed, this.failed, this.unfinished, this.errors, this.acceptLatencyMs.p50(),
				this.acceptLatencyMs.p90(), this.acceptLatencyMs.p99(), this.acceptLatencyMs.p999(),
				this.acceptLatencyMs.max(), this.completionLatencyMs.p50(), this.completionLatencyMs.p90(),
				this.completionLatencyMs.p99(), this.completionLatencyMs.p999(), this.completionLatencyMs.max());
	}

}
