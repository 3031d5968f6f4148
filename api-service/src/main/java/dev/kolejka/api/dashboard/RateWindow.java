package dev.kolejka.api.dashboard;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts per wall-clock second over the last {@code seconds} seconds, for a few kinds of
 * event: a fixed ring, so memory does not grow with the load.
 */
final class RateWindow {

	enum Kind {

		SUBMITTED, COMPLETED, FAILED, CANCELLED, RETRIED

	}

	private final int seconds;

	private final long[] bucketSecond;

	private final long[][] counts;

	private final long[] totals = new long[Kind.values().length];

	RateWindow(int seconds) {
		this.seconds = seconds;
		this.bucketSecond = new long[seconds];
		this.counts = new long[seconds][Kind.values().length];
	}

	synchronized void add(Kind kind, long epochSecond) {
		int slot = slot(epochSecond);
		if (this.bucketSecond[slot] != epochSecond) {
			this.bucketSecond[slot] = epochSecond;
			java.util.Arrays.fill(this.counts[slot], 0);
		}
		this.counts[slot][kind.ordinal()]++;
		this.totals[kind.ordinal()]++;
	}

	/** The count of each kind in each of the {@code n} seconds before {@code now}. */
	synchronized Map<Kind, long[]> series(long nowSecond, int n) {
		var series = new EnumMap<Kind, long[]>(Kind.class);
		for (Kind kind : Kind.values()) {
			long[] values = new long[n];
			for (int i = 0; i < n; i++) {
				long second = nowSecond - n + i;
				int slot = slot(second);
				values[i] = (this.bucketSecond[slot] == second) ? this.counts[slot][kind.ordinal()] : 0;
			}
			series.put(kind, values);
		}
		return series;
	}

	synchronized long total(Kind kind) {
		return this.totals[kind.ordinal()];
	}

	private int slot(long epochSecond) {
		return (int) Math.floorMod(epochSecond, (long) this.seconds);
	}

}
