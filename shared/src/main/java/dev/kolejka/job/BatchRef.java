package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A job's place in the batch it was submitted with. */
public record BatchRef(UUID batchId, int index) {

	public BatchRef {
		requireNonNull(batchId, "batchId");
	}

}
