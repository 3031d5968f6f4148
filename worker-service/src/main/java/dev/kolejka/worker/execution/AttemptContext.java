package dev.kolejka.worker.execution;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import dev.kolejka.job.JobId;
import dev.kolejka.task.CounterDeltas;
import dev.kolejka.task.TaskContext;
import dev.kolejka.worker.pool.cpu.CpuPool;

/**
 * The {@link TaskContext} of one attempt. Counter deltas are kept here, per attempt, and
 * travel with the attempt's terminal event: an attempt that fails takes its deltas with
 * it.
 */
final class AttemptContext implements TaskContext {

	private final JobId jobId;

	private final int attempt;

	private final CpuPool cpu;

	private final CounterDeltas counters = new CounterDeltas();

	AttemptContext(JobId jobId, int attempt, CpuPool cpu) {
		this.jobId = jobId;
		this.attempt = attempt;
		this.cpu = cpu;
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
		return this.cpu.invokeAll(parts);
	}

	@Override
	public <T> CompletableFuture<T> offload(Callable<T> work) {
		return this.cpu.offload(work);
	}

	Map<String, Long> counterDeltas() {
		return this.counters.totals();
	}

}
