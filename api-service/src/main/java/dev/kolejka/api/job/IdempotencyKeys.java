package dev.kolejka.api.job;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.kolejka.api.status.JobStatusListener;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import org.springframework.stereotype.Component;

/**
 * Closes the window between a submit with an {@code Idempotency-Key} being acknowledged
 * and the status view showing the job: a repeat that arrives in that window waits for the
 * first submit instead of sending the job twice. Across replicas and restarts the key
 * needs no table at all: it determines the job id ({@link JobId#fromIdempotencyKey}), and
 * the status view knows that id.
 */
@Component
class IdempotencyKeys implements JobStatusListener {

	private final ConcurrentHashMap<JobId, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Empty if this caller now owns the submit; otherwise the submit in flight to wait
	 * for.
	 */
	Optional<CompletableFuture<Void>> claim(JobId id) {
		return Optional.ofNullable(this.inFlight.putIfAbsent(id, new CompletableFuture<>()));
	}

	/** The owner's submit failed: the next repeat may try again. */
	void release(JobId id, Throwable failure) {
		CompletableFuture<Void> claim = this.inFlight.remove(id);
		if (claim != null) {
			claim.completeExceptionally(failure);
		}
	}

	@Override
	public void updated(Job job) {
		if (!this.inFlight.isEmpty()) {
			CompletableFuture<Void> claim = this.inFlight.remove(job.id());
			if (claim != null) {
				claim.complete(null);
			}
		}
	}

}
