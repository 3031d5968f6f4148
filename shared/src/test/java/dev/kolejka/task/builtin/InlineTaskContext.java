package dev.kolejka.task.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.kolejka.job.JobId;
import dev.kolejka.task.TaskContext;

/**
 * Runs parallel parts one after another and keeps counter deltas in a map: enough to
 * check a task's own logic.
 */
final class InlineTaskContext implements TaskContext {

	final Map<String, Long> counters = new ConcurrentHashMap<>();

	int partsRun;

	@Override
	public JobId jobId() {
		return JobId.parse("0192f1c2-7a4e-7c01-9a8b-3f2e1d0c4b5a");
	}

	@Override
	public int attempt() {
		return 1;
	}

	@Override
	public Counter counter(String name) {
		return (delta) -> this.counters.merge(name, delta, Long::sum);
	}

	@Override
	public <T> List<T> parallel(List<? extends Callable<T>> parts) throws Exception {
		var results = new ArrayList<T>();
		for (Callable<T> part : parts) {
			results.add(part.call());
			this.partsRun++;
		}
		return results;
	}

	@Override
	public <T> CompletableFuture<T> offload(Callable<T> work) {
		try {
			return CompletableFuture.completedFuture(work.call());
		}
		catch (Exception ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
