package dev.kolejka.pool.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

import dev.kolejka.job.JobId;
import dev.kolejka.task.CounterDeltas;
import dev.kolejka.task.TaskContext;

/**
 * A task's context inside a child. Counter deltas are summed here (exact under any number
 * of threads the task starts) and travel back with the result; {@link #parallel} and
 * {@link #offload} use the child's own common pool.
 */
final class ChildContext implements TaskContext {

	private final JobId jobId;

	private final int attempt;

	private final CounterDeltas counters = new CounterDeltas();

	ChildContext(JobId jobId, int attempt) {
		this.jobId = jobId;
		this.attempt = attempt;
	}

	@Override
	public JobId jobId() {
		return this.jobId;
	}

	@Override
	public int attempt() {
		return this.attempt;
	}

	@Override
	public Counter counter(String name) {
		return this.counters.counter(name);
	}

	@Override
	public <T> List<T> parallel(List<? extends Callable<T>> parts) throws Exception {
		var results = new ArrayList<T>(parts.size());
		for (Future<T> future : ForkJoinPool.commonPool().invokeAll(parts)) {
			results.add(future.get());
		}
		return results;
	}

	@Override
	public <T> CompletableFuture<T> offload(Callable<T> work) {
		var future = new CompletableFuture<T>();
		ForkJoinPool.commonPool().execute(() -> {
			try {
				future.complete(work.call());
			}
			catch (Throwable ex) {
				future.completeExceptionally(ex);
			}
		});
		return future;
	}

	Map<String, Long> counterDeltas() {
		return this.counters.totals();
	}

}
