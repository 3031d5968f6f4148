package dev.kolejka.api.loadrun;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/load-runs}: the fields of {@code ./kolejka load}.
 *
 * @param task the task's name
 * @param args its args (an object), default {@code {}}
 * @param pool the pool option, or none for the task's default
 * @param rate jobs per second
 * @param duration how long: {@code 10s}, {@code 2m}, ISO-8601 or seconds
 * @param batch jobs per submission, default 1
 */
public record LoadRunRequest(@Nullable String task, @Nullable JsonNode args, @Nullable String pool,
		@Nullable Double rate, @Nullable String duration, @Nullable Integer batch) {
}
