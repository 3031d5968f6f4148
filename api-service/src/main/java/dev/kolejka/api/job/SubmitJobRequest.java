package dev.kolejka.api.job;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/jobs}. Fields stay loose here so that each problem is
 * reported precisely.
 */
public record SubmitJobRequest(@Nullable String task, @Nullable JsonNode args, @Nullable JsonNode options) {
}
