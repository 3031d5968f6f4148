package dev.kolejka.worker.pool.process;

import java.util.List;

import dev.kolejka.pool.process.ChildSnapshot;
import dev.kolejka.pool.process.ProcessPool;
import dev.kolejka.pool.process.ProcessPoolSettings;
import dev.kolejka.pool.process.ProcessWork;
import dev.kolejka.pool.process.Ticket;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.topic.Topics;
import dev.kolejka.worker.config.WorkerProperties;
import dev.kolejka.worker.pool.ExecutionPool;

/**
 * The worker's {@code process} pool: pre-started child JVMs that run one job each at a
 * time. Closing it kills the children: by then the worker has waited its shutdown grace,
 * and a job still running is redelivered to the next owner of its partition.
 */
public final class ChildProcessPool implements ExecutionPool {

	private final ProcessPool pool;

	public ChildProcessPool(WorkerProperties.ProcessPool properties, TaskSettings tasks) {
		var settings = ProcessPoolSettings.defaults()
			.withProcesses(properties.processes())
			.withMaxTasksPerChild(properties.maxTasksPerChild())
			.withMaxMemoryPerChild(
					(properties.maxMemoryPerChild() != null) ? properties.maxMemoryPerChild().toBytes() : 0)
			.withJvmArgs(properties.jvmArgs())
			.withHungAfter(properties.hungAfter())
			.withStartTimeout(properties.startTimeout())
			.withTasks(tasks)
			.withMaxRecordBytes(Topics.MAX_RECORD_BYTES);
		if (properties.initializer() != null) {
			settings = settings.withInitializer(properties.initializer());
		}
		this.pool = ProcessPool.start(settings);
	}

	public Ticket submit(ProcessWork work) {
		return this.pool.submit(work);
	}

	public List<ChildSnapshot> children() {
		return this.pool.children();
	}

	@Override
	public Pool kind() {
		return Pool.PROCESS;
	}

	@Override
	public int size() {
		return this.pool.size();
	}

	@Override
	public int active() {
		return this.pool.active();
	}

	@Override
	public int queued() {
		return this.pool.queued();
	}

	@Override
	public void close() {
		this.pool.terminate();
	}

}
