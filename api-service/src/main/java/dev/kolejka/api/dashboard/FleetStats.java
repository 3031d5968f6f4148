package dev.kolejka.api.dashboard;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kolejka.api.dashboard.RateWindow.Kind;
import dev.kolejka.api.status.JobStatusListener;
import dev.kolejka.job.Execution;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import dev.kolejka.loadgen.LatencyPercentiles;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.stereotype.Component;

/**
 * Cluster-wide rates and percentiles folded from the status view: every API replica sees
 * every job's events, so submitted/s, completed/s, failures, retries, queue wait and run
 * time here cover the whole fleet. Called on the view's update thread, so recording is
 * cheap and bounded: per-second counters in a ring, latencies in HdrHistogram
 * {@link Recorder}s whose intervals are kept for the last {@value #PERCENTILE_SECONDS}
 * seconds, and the ids of the latest {@value #RECENT_JOBS} submitted jobs.
 */
@Component
public class FleetStats implements JobStatusListener {

	static final int WINDOW_SECONDS = 120;

	static final int PERCENTILE_SECONDS = 10;

	static final int RECENT_JOBS = 200;

	private final RateWindow rates = new RateWindow(WINDOW_SECONDS);

	private final Recorder queueWait = new Recorder(3);

	private final Recorder run = new Recorder(3);

	private final ArrayDeque<JobId> recent = new ArrayDeque<>(RECENT_JOBS);

	private final Clock clock;

	private final LatencyRing queueWaitRing;

	private final LatencyRing runRing;

	FleetStats(Clock clock) {
		this.clock = clock;
		this.queueWaitRing = new LatencyRing(this.queueWait, PERCENTILE_SECONDS);
		this.runRing = new LatencyRing(this.run, PERCENTILE_SECONDS);
	}

	@Override
	public void updated(Job job) {
		long second = this.clock.millis() / 1000;
		switch (job.state()) {
			case QUEUED -> queued(job, second);
			case SUCCEEDED -> ended(job, Kind.COMPLETED, second);
			case FAILED -> ended(job, Kind.FAILED, second);
			case CANCELLED -> this.rates.add(Kind.CANCELLED, second);
			case RUNNING -> {
			}
		}
	}

	private void queued(Job job, long second) {
		if (job.attempts() > 1) {
			this.rates.add(Kind.RETRIED, second);
			return;
		}
		this.rates.add(Kind.SUBMITTED, second);
		synchronized (this.recent) {
			if (this.recent.size() == RECENT_JOBS) {
				this.recent.removeFirst();
			}
			this.recent.addLast(job.id());
		}
	}

	private void ended(Job job, Kind kind, long second) {
		this.rates.add(kind, second);
		Execution execution = job.execution();
		if (execution != null) {
			this.queueWait.recordValue(Math.max(0, execution.queueWaitMs()));
			this.run.recordValue(Math.max(0, execution.runMs()));
		}
	}

	/** The ids of the latest submitted jobs, newest first. */
	public List<JobId> recentJobs(int limit) {
		synchronized (this.recent) {
			var newestFirst = new ArrayList<JobId>(this.recent);
			java.util.Collections.reverse(newestFirst);
			return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
		}
	}

	/** Counts per second over the last {@code seconds} full seconds, oldest first. */
	Map<Kind, long[]> series(int seconds) {
		return this.rates.series(this.clock.millis() / 1000, Math.min(seconds, WINDOW_SECONDS - 1));
	}

	long total(Kind kind) {
		return this.rates.total(kind);
	}

	/** Queue wait (ms) of jobs that ended in the last seconds. */
	LatencyPercentiles queueWaitMs() {
		return this.queueWaitRing.percentiles(this.clock.millis() / 1000);
	}

	/** Run time (ms) of jobs that ended in the last seconds. */
	LatencyPercentiles runMs() {
		return this.runRing.percentiles(this.clock.millis() / 1000);
	}

	/**
	 * One recorder's intervals, one per second, for the last few seconds. Values are
	 * milliseconds; {@link LatencyPercentiles} expects microseconds, so it is scaled.
	 */
	private static final class LatencyRing {

		private final Recorder recorder;

		private final Histogram[] seconds;

		private final long[] secondOf;

		private Histogram interval;

		LatencyRing(Recorder recorder, int size) {
			this.recorder = recorder;
			this.seconds = new Histogram[size];
			this.secondOf = new long[size];
			this.interval = recorder.getIntervalHistogram();
		}

		synchronized LatencyPercentiles percentiles(long now) {
			int slot = (int) Math.floorMod(now, (long) this.seconds.length);
			this.interval = this.recorder.getIntervalHistogram(this.interval);
			if (this.seconds[slot] == null || this.secondOf[slot] != now) {
				this.seconds[slot] = new Histogram(3);
				this.secondOf[slot] = now;
			}
			this.seconds[slot].add(this.interval);
			var sum = new Histogram(3);
			for (int i = 0; i < this.seconds.length; i++) {
				if (this.seconds[i] != null && now - this.secondOf[i] < this.seconds.length) {
					sum.add(this.seconds[i]);
				}
			}
			var micros = new Histogram(3);
			sum.recordedValues()
				.forEach((value) -> micros.recordValueWithCount(value.getValueIteratedTo() * 1000,
						value.getCountAtValueIteratedTo()));
			return LatencyPercentiles.of(micros);
		}

	}

}
