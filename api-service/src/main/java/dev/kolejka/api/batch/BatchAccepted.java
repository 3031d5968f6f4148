package dev.kolejka.api.batch;

import java.util.List;

/** The answer to an accepted batch: its id and one job id per item, in item order. */
public record BatchAccepted(String batchId, List<String> ids) {
}
