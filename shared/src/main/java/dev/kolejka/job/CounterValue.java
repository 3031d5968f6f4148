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
		return new CounterValue(this.name, this.value + delta, at);
	}

}
