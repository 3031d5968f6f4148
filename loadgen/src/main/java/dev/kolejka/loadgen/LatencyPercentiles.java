package dev.kolejka.loadgen;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, reported in milliseconds.
 */
public record LatencyPercentiles(long count, double p50, double p90, double p99, double p999, double max) {

	public static LatencyPercentiles of(Histogram micros) {
		if (micros.getTotalCount() == 0) {
			return new LatencyPercentiles(0, 0, 0, 0, 0, 0);
		}
		return new LatencyPercentiles(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
				ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
				ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
	}

	private static double ms(long micros) {
		return Math.round(micros / 10.0) / 100.0;
	}

}
