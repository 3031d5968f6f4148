package dev.kolejka.loadgen;

import java.time.Duration;

/**
 * When each submission is due, fixed before the run starts: submission {@code i} is due
 * {@code i * batch / rate} seconds after the start, whatever happened to the ones before
 * it. Latencies are measured from these times, so a stall is charged to every submission
 * it delayed (no coordinated omission).
 *
 * @param rate jobs per second
 * @param duration how long the schedule runs
 * @param batch jobs per submission
 */
public record Schedule(double rate, Duration duration, int batch) {

	/** How many submissions the schedule holds (at least one). */
	public long submissions() {
		double jobs = this.rate * this.duration.toNanos() / 1e9;
		return Math.max(1, (long) Math.floor(jobs / this.batch));
	}

	/** How many jobs the schedule submits. */
	public long jobs() {
		return submissions() * this.batch;
	}

	/** Nanoseconds after the start at which submission {@code i} (0-based) is due. */
	public long dueNanos(long i) {
		return (long) (i * (this.batch * 1e9 / this.rate));
	}

}
