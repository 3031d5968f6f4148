package dev.kolejka.api.status;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import org.springframework.stereotype.Component;

/**
 * Long polls: a request waits on a future that the status view completes when it writes
 * the job's terminal state. The future is registered before the store is read, so a job
 * that finishes in between is never missed.
 */
@Component
public class JobWaiter implements JobStatusListener {

	private final ConcurrentHashMap<JobId, CompletableFuture<Job>> waiting = new ConcurrentHashMap<>();

	private final JobLookup store;

	JobWaiter(JobLookup store) {
		this.store = store;
	}

	/**
	 * A future of the job's terminal state; register it, then read the store, then wait
	 * on it.
	 */
	public CompletableFuture<Job> terminal(JobId id) {
		CompletableFuture<Job> future = this.waiting.computeIfAbsent(id, (key) -> new CompletableFuture<>());
		this.store.job(id).filter((job) -> job.state().isTerminal()).ifPresent((job) -> {
			future.complete(job);
			// no update will come for a job that already ended: unregistered here, or
			// the future of a caller that never forgets it (a completion log) stays for
			// good
			this.waiting.remove(id, future);
		});
		return future;
	}

	/** Waits up to {@code wait} and then answers whatever the store holds. */
	public java.util.Optional<Job> await(JobId id, Duration wait) {
		if (!wait.isZero()) {
			CompletableFuture<Job> future = terminal(id);
			try {
				return java.util.Optional.of(future.get(wait.toMillis(), TimeUnit.MILLISECONDS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// fall through to what the store holds now
			}
			finally {
				forget(id, future);
			}
		}
		return this.store.job(id);
	}

	/** Stops tracking a future nobody waits on any more. */
	public void forget(JobId id, CompletableFuture<Job> future) {
		if (future.isDone() || future.getNumberOfDependents() == 0) {
			this.waiting.remove(id, future);
		}
	}

	/** Jobs with a registered future: what a forgotten future would leak into. */
	int waiting() {
		return this.waiting.size();
	}

	@Override
	public void updated(Job job) {
		if (job.state().isTerminal()) {
			CompletableFuture<Job> future = this.waiting.remove(job.id());
			if (future != null) {
				future.complete(job);
			}
		}
	}

}
