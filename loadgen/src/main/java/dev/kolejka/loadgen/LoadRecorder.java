package dev.kolejka.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts and latencies of one run, recorded from many threads at once. Latencies go into
 * HdrHistogram {@link Recorder}s (microseconds) and are folded into totals whenever a
 * snapshot is taken, so a live progress line costs the recording threads nothing.
 */
final class LoadRecorder {

	private final LongAdder submitted = new LongAdder();

	private final LongAdder accepted = new LongAdder();

	private final LongAdder completed = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder lost = new LongAdder();

	private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

	private final Recorder acceptRecorder = new Recorder(3);

	private final Recorder completionRecorder = new Recorder(3);

	private final Histogram acceptTotal = new Histogram(3);

	private final Histogram completionTotal = new Histogram(3);

	// a Recorder recycles only histograms it handed out itself
	private Histogram acceptInterval = this.acceptRecorder.getIntervalHistogram();

	private Histogram completionInterval = this.completionRecorder.getIntervalHistogram();

	void submitted(int jobs) {
		this.submitted.add(jobs);
	}

	void accepted(int jobs, long latencyNanos) {
		this.accepted.add(jobs);
		this.acceptRecorder.recordValueWithCount(micros(latencyNanos), jobs);
	}

	void completed(int jobs, long latencyNanos) {
		if (jobs > 0) {
			this.completed.add(jobs);
			this.completionRecorder.recordValueWithCount(micros(latencyNanos), jobs);
		}
	}

	void failed(int jobs, long latencyNanos) {
		if (jobs > 0) {
			this.failed.add(jobs);
			this.completionRecorder.recordValueWithCount(micros(latencyNanos), jobs);
		}
	}

	/**
	 * A submission or a read that went wrong; {@code jobs} of the submission are lost to
	 * the run.
	 */
	void error(String kind, int jobs) {
		this.errors.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
		this.lost.add(jobs);
	}

	/**
	 * Reading the fate of {@code jobs} accepted jobs went wrong: they count as
	 * unfinished, and the error is counted.
	 */
	void readError(String kind, int jobs) {
		this.errors.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
		this.lost.add(jobs);
	}

	/** Accepted jobs whose end the run did not see. */
	long unfinishedJobs() {
		return Math.max(0, this.accepted.sum() - this.completed.sum() - this.failed.sum());
	}

	synchronized Progress progress(double elapsedSeconds) {
		drain();
		long done = this.completed.sum() + this.failed.sum() + this.lost.sum();
		return new Progress(elapsedSeconds, this.submitted.sum(), this.accepted.sum(), this.completed.sum(),
				this.failed.sum(), errorCount(), Math.max(0, this.submitted.sum() - done),
				LatencyPercentiles.of(this.acceptInterval).p99(), LatencyPercentiles.of(this.completionInterval).p99());
	}

	synchronized LatencyPercentiles acceptLatency() {
		drain();
		return LatencyPercentiles.of(this.acceptTotal);
	}

	synchronized LatencyPercentiles completionLatency() {
		drain();
		return LatencyPercentiles.of(this.completionTotal);
	}

	long submittedJobs() {
		return this.submitted.sum();
	}

	long acceptedJobs() {
		return this.accepted.sum();
	}

	long completedJobs() {
		return this.completed.sum();
	}

	long failedJobs() {
		return this.failed.sum();
	}

	Map<String, Long> errors() {
		var counts = new TreeMap<String, Long>();
		this.errors.forEach((kind, count) -> counts.put(kind, count.sum()));
		return counts;
	}

	private long errorCount() {
		return this.errors.values().stream().mapToLong(LongAdder::sum).sum();
	}

	private void drain() {
		this.acceptInterval = this.acceptRecorder.getIntervalHistogram(this.acceptInterval);
		this.completionInterval = this.completionRecorder.getIntervalHistogram(this.completionInterval);
		this.acceptTotal.add(this.acceptInterval);
		this.completionTotal.add(this.completionInterval);
	}

	private static long micros(long nanos) {
		return Math.max(1, nanos / 1000);
	}

}
