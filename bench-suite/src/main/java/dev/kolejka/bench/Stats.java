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
	 * Iterations of {@code cpu-burn} per second on one thread, with the workers' code.
	 */
	static double cpuBurnRate(Duration measure) {
		try {
			long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
			while (System.nanoTime() < end) {
				dev.kolejka.task.builtin.CpuBurnTask.burn(10_000); // warm the JIT
			}
			long start = System.nanoTime();
			long iterations = 0;
			while (System.nanoTime() - start < measure.toNanos()) {
				dev.kolejka.task.builtin.CpuBurnTask.burn(10_000);
				iterations += 10_000;
			}
			return iterations / ((System.nanoTime() - start) / 1e9);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

}
