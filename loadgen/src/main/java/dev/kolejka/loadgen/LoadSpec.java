package dev.kolejka.loadgen;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One load run: where, what, how fast and for how long.
 *
 * @param baseUrl the API's base, e.g. {@code http://127.0.0.1:8080}
 * @param mix the workloads, picked by weight (one entry for a single task)
 * @param rate jobs per second the schedule submits (a batch of K counts as K jobs)
 * @param duration how long the schedule runs
 * @param batch jobs per submission: 1 submits single jobs, more submits batches
 * @param concurrency the most submissions in flight (submit plus wait for the result);
 * past it the schedule falls behind, which the latencies show
 * @param drain how long after the schedule ends to wait for results still outstanding
 * @param apiKey sent as {@code Authorization: Bearer} when given
 */
public record LoadSpec(URI baseUrl, List<Workload> mix, double rate, Duration duration, int batch, int concurrency,
		Duration drain, @Nullable String apiKey) {

	public static final int DEFAULT_CONCURRENCY = 1024;

	public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);

	public LoadSpec {
		requireNonNull(baseUrl, "baseUrl");
		mix = List.copyOf(mix);
		if (mix.isEmpty()) {
			throw new IllegalArgumentException("A load run needs a task (--task) or a mix (--mix)");
		}
		if (!(rate > 0)) {
			throw new IllegalArgumentException("The rate must be positive, got " + rate);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("The duration must be positive, got " + duration);
		}
		if (batch < 1 || concurrency < 1) {
			throw new IllegalArgumentException("Batch size and concurrency must be at least 1");
		}
	}

	/** A single task at a rate, with the defaults for the rest. */
	public static LoadSpec of(URI baseUrl, Workload workload, double rate, Duration duration, int batch,
			@Nullable String apiKey) {
		return new LoadSpec(baseUrl, List.of(workload), rate, duration, batch, DEFAULT_CONCURRENCY, DEFAULT_DRAIN,
				apiKey);
	}

	/** The task named in reports: the task, or "mix" for several. */
	public String taskLabel() {
		return (this.mix.size() == 1) ? this.mix.getFirst().task() : "mix";
	}

}
