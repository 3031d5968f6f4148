package dev.kolejka.api.status;

import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.Job;

/**
 * Told of every job the status view has just written. Called on the view's single update
 * thread: implementations must be quick and must not block.
 */
public interface JobStatusListener {

	void updated(Job job);

	/** The view has stored a batch's manifest. */
	default void batchStored(BatchQueued batch) {
	}

}
