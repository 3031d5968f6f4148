package dev.kolejka.api.batch;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/jobs/batch}: one task, one args object per item, shared
 * options.
 */
public record SubmitBatchRequest(@Nullable String task, @Nullable JsonNode items, @Nullable JsonNode options) {
}
