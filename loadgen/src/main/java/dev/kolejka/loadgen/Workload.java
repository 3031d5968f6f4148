package dev.kolejka.loadgen;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What one submission sends: a task, its args as JSON, an optional pool, and the weight
 * of this workload in a mix.
 *
 * @param task the task's registered name
 * @param argsJson the task's args, a JSON object
 * @param pool the pool option, or {@code null} for the task's default
 * @param weight this workload's share of a mix (relative to the other entries)
 */
public record Workload(String task, String argsJson, @Nullable String pool, int weight) {

	public Workload {
		requireNonNull(task, "task");
		requireNonNull(argsJson, "argsJson");
		if (weight < 1) {
			throw new IllegalArgumentException("A workload's weight must be at least 1, got " + weight);
		}
	}

	public static Workload of(String task, @Nullable String argsJson, @Nullable String pool) {
		return new Workload(task, (argsJson == null || argsJson.isBlank()) ? "{}" : argsJson, pool, 1);
	}

}
