package dev.kolejka.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a list of samples. */
final class Stats {

	private Stats() {
	}

	static double percentile(List<Double> samples, double p) {
		if (samples.isEmpty()) {
			throw new IllegalArgumentException("no samples");
		}
		List<Double> sorted = new ArrayList<>(samples);
		Collections.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.clamp(rank - 1, 0, sorted.size() - 1));
	}

	/**
	 * Iterations of {@code cpu-burn} per second on one thread, with the workers' code:
	 * the best 250 ms slice after a 2 s warm-up, so that a moment when other processes
	 * take the core does not pass for the machine's single-thread speed.
	 */
	static double cpuBurnRate(Duration measure) {
		try {
			long warm = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (System.nanoTime() < warm) {
				dev.kolejka.task.builtin.CpuBurnTask.burn(10_000);
			}
			double best = 0;
			long end = System.nanoTime() + measure.toNanos();
			while (System.nanoTime() < end) {
				long start = System.nanoTime();
				long iterations = 0;
				while (System.nanoTime() - start < Duration.ofMillis(250).toNanos()) {
					dev.kolejka.task.builtin.CpuBurnTask.burn(10_000);
					iterations += 10_000;
				}
				best = Math.max(best, iterations / ((System.nanoTime() - start) / 1e9));
			}
			return best;
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

}
