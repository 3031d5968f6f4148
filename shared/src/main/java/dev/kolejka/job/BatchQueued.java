package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A whole batch accepted by the API: one compact event instead of one
 * {@link JobEvent.Queued} per item. The status view expands it into one queued job per
 * id, in item order.
 */
public record BatchQueued(UUID batchId, String task, JobOptions options, List<JobId> ids, Instant at) {

	public BatchQueued {
		requireNonNull(batchId, "batchId");
		requireNonNull(task, "task");
		requireNonNull(options, "options");
		requireNonNull(at, "at");
		ids = Checked.list(ids, JobId.class);
	}

}
