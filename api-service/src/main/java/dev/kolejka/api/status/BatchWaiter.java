package dev.kolejka.api.status;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Batch long polls. One {@link Watch} per batch, shared by every poll of it: it holds the
 * batch's unfinished job ids and one future that completes when the last of them ends, so
 * a thousand polls of a 10,000-job batch cost one set of ids, not a future per job and
 * poll.
 */
@Component
public class BatchWaiter implements JobStatusListener {

	private final ConcurrentHashMap<UUID, Watch> watches = new ConcurrentHashMap<>();

	private final JobLookup store;

	BatchWaiter(JobLookup store) {
		this.store = store;
	}

	/** Waits up to {@code wait} for every job of the batch to be terminal. */
	public void awaitAll(BatchQueued batch, Duration wait) {
		Watch watch = this.watches.compute(batch.batchId(), (id, known) -> {
			Watch current = (known != null) ? known : new Watch();
			current.pollers++;
			return current;
		});
		try {
			watch.start(batch, this.store);
			watch.done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// answer with what the view holds now
		}
		finally {
			this.watches.computeIfPresent(batch.batchId(), (id, known) -> (--known.pollers == 0) ? null : known);
		}
	}

	@Override
	public void updated(Job job) {
		if (job.batch() != null && job.state().isTerminal()) {
			Watch watch = this.watches.get(job.batch().batchId());
			if (watch != null) {
				watch.finished(job.id());
			}
		}
	}

	int watched() {
		return this.watches.size();
	}

	/**
	 * Why the two steps: the store is read without the watch's lock (a batch is up to
	 * 10,000 reads, and the status view's thread must not wait for them), so jobs that
	 * end while it is read are kept aside and taken off the pending set after.
	 */
	private static final class Watch {

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		/** Guarded by the map's compute. */
		private int pollers;

		private boolean started;

		private @Nullable Set<JobId> pending;

		private final Set<JobId> endedWhileReading = new HashSet<>();

		void start(BatchQueued batch, JobLookup store) {
			synchronized (this) {
				if (this.started) {
					return;
				}
				this.started = true;
			}
			var unfinished = new HashSet<JobId>();
			for (JobId id : batch.ids()) {
				if (store.job(id).filter((job) -> job.state().isTerminal()).isEmpty()) {
					unfinished.add(id);
				}
			}
			synchronized (this) {
				unfinished.removeAll(this.endedWhileReading);
				this.endedWhileReading.clear();
				this.pending = unfinished;
				completeIfDone();
			}
		}

		synchronized void finished(JobId id) {
			if (this.pending == null) {
				this.endedWhileReading.add(id);
			}
			else if (this.pending.remove(id)) {
				completeIfDone();
			}
		}

		private void completeIfDone() {
			if (this.pending != null && this.pending.isEmpty()) {
				this.done.complete(null);
			}
		}

	}

}
