package dev.kolejka.worker.pool;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import dev.kolejka.task.Pool;
import dev.kolejka.worker.pool.cpu.CpuPool;
import dev.kolejka.worker.pool.io.IoPool;
import dev.kolejka.worker.pool.process.ChildProcessPool;
import org.jspecify.annotations.Nullable;

/**
 * The worker's pools, built once and handed to whoever runs jobs on them or watches them.
 * The {@code process} pool is optional: a worker may run without child JVMs. Closing it
 * closes every pool, children included.
 */
public final class Pools implements AutoCloseable {

	private final CpuPool cpu;

	private final Map<Pool, ExecutionPool> all = new EnumMap<>(Pool.class);

	private final @Nullable ChildProcessPool process;

	public Pools(CpuPool cpu, IoPool io, @Nullable ChildProcessPool process) {
		this.cpu = cpu;
		this.process = process;
		this.all.put(Pool.CPU, cpu);
		this.all.put(Pool.IO, io);
		if (process != null) {
			this.all.put(Pool.PROCESS, process);
		}
	}

	public CpuPool cpu() {
		return this.cpu;
	}

	public Optional<ChildProcessPool> process() {
		return Optional.ofNullable(this.process);
	}

	/** The pool of that kind, if this worker has it. */
	public Optional<ExecutionPool> get(Pool kind) {
		return Optional.ofNullable(this.all.get(kind));
	}

	public Map<Pool, ExecutionPool> all() {
		return Map.copyOf(this.all);
	}

	@Override
	public void close() {
		this.all.values().forEach(ExecutionPool::close);
	}

}
