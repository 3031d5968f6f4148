package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A shared counter's cluster-wide total, as the status view keeps it. */
public record CounterValue(String name, long value, Instant updatedAt) {

	public CounterValue {
		requireNonNull(name, "name");
		requireNonNull(updatedAt, "updatedAt");
	}

	public CounterValue plus(long delta, Instant at) {
		// saturates instead of wrapping: a counter never jumps from huge to negative
		long sum = this.value + delta;
		boolean overflow = ((this.value ^ sum) & (delta ^ sum)) < 0;
		return new CounterValue(this.name, overflow ? ((delta > 0) ? Long.MAX_VALUE : Long.MIN_VALUE) : sum, at);
	}

}
