package dev.kolejka.worker.pool;

/** A pool that runs jobs on threads of this JVM. */
public interface ThreadPool extends ExecutionPool {

	/** Starts the job; never blocks the caller (the consumer's poll thread). */
	void execute(Runnable job);

}
