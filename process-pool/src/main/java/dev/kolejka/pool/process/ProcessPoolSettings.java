package dev.kolejka.pool.process;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.kolejka.task.TaskSettings;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link ProcessPool} runs its children.
 *
 * @param processes children; 0 means one per available processor
 * @param maxTasksPerChild a child is replaced after this many tasks (Python's
 * {@code maxtasksperchild}); 0 for never
 * @param maxMemoryPerChild each child's heap limit in bytes ({@code -Xmx}); a child that
 * runs out exits and its task ends {@code WORKER_LOST}; 0 leaves the JVM's default
 * @param initializer a {@link ChildInitializer} class every child runs before taking work
 * @param jvmArgs further options for the child JVMs
 * @param startTimeout how long a child may take to start (JVM, codec, initializer)
 * @param hungAfter a busy child whose heartbeat is older than this is killed and its task
 * ends {@code WORKER_LOST}
 * @param tasks which optional tasks the children's registry offers
 * @param maxRecordBytes the task codec's size limit, as in the worker
 */
public record ProcessPoolSettings(int processes, int maxTasksPerChild, long maxMemoryPerChild,
		@Nullable String initializer, List<String> jvmArgs, Duration startTimeout, Duration hungAfter,
		TaskSettings tasks, int maxRecordBytes) {

	public ProcessPoolSettings {
		if (processes < 0 || maxTasksPerChild < 0 || maxMemoryPerChild < 0 || maxRecordBytes <= 0) {
			throw new IllegalArgumentException("processes, maxTasksPerChild and maxMemoryPerChild must not be "
					+ "negative and maxRecordBytes must be positive");
		}
		jvmArgs = List.copyOf(jvmArgs);
		Objects.requireNonNull(startTimeout, "startTimeout");
		Objects.requireNonNull(hungAfter, "hungAfter");
		Objects.requireNonNull(tasks, "tasks");
	}

	/**
	 * One child per processor, never recycled, the JVM's default heap, no initializer.
	 */
	public static ProcessPoolSettings defaults() {
		return new ProcessPoolSettings(0, 0, 0, null, List.of(), Duration.ofSeconds(60), Duration.ofSeconds(30),
				TaskSettings.DEFAULTS, 1 << 20);
	}

	public ProcessPoolSettings withProcesses(int processes) {
		return new ProcessPoolSettings(processes, this.maxTasksPerChild, this.maxMemoryPerChild, this.initializer,
				this.jvmArgs, this.startTimeout, this.hungAfter, this.tasks, this.maxRecordBytes);
	}

	public ProcessPoolSettings withMaxTasksPerChild(int maxTasksPerChild) {
		return new ProcessPoolSettings(this.processes, maxTasksPerChild, this.maxMemoryPerChild, this.initializer,
				this.jvmArgs, this.startTimeout, this.hungAfter, this.tasks, this.maxRecordBytes);
	}

	public ProcessPoolSettings withMaxMemoryPerChild(long maxMemoryPerChild) {
		return new ProcessPoolSettings(this.processes, this.maxTasksPerChild, maxMemoryPerChild, this.initializer,
				this.jvmArgs, this.startTimeout, this.hungAfter, this.tasks, this.maxRecordBytes);
	}

	public ProcessPoolSettings withInitializer(Class<? extends ChildInitializer> initializer) {
		return withInitializer(initializer.getName());
	}

	/** The initializer by class name, for configuration files. */
	public ProcessPoolSettings withInitializer(String initializer) {
		return new ProcessPoolSettings(this.processes, this.maxTasksPerChild, this.maxMemoryPerChild, initializer,
				this.jvmArgs, this.startTimeout, this.hungAfter, this.tasks, this.maxRecordBytes);
	}

	public ProcessPoolSettings withStartTimeout(Duration startTimeout) {
		return new ProcessPoolSettings(this.processes, this.maxTasksPerChild, this.maxMemoryPerChild, this.initializer,
				this.jvmArgs, startTimeout, this.hungAfter, this.tasks, this.maxRecordBytes);
	}

	public ProcessPoolSettings withMaxRecordBytes(int maxRecordBytes) {
		return new ProcessPoolSettings(this.processes, this.maxTasksPerChild, this.maxMemoryPerChild, this.initializer,
				this.jvmArgs, this.startTimeout, this.hungAfter, this.tasks, maxRecordBytes);
	}

	public ProcessPoolSettings withJvmArgs(List<String> jvmArgs) {
		return new ProcessPoolSettings(this.processes, this.maxTasksPerChild, this.maxMemoryPerChild, this.initializer,
				jvmArgs, this.startTimeout, this.hungAfter, this.tasks, this.maxRecordBytes);
	}

	public ProcessPoolSettings withHungAfter(Duration hungAfter) {
		return new ProcessPoolSettings(this.processes, this.maxTasksPerChild, this.maxMemoryPerChild, this.initializer,
				this.jvmArgs, this.startTimeout, hungAfter, this.tasks, this.maxRecordBytes);
	}

	public ProcessPoolSettings withTasks(TaskSettings tasks) {
		return new ProcessPoolSettings(this.processes, this.maxTasksPerChild, this.maxMemoryPerChild, this.initializer,
				this.jvmArgs, this.startTimeout, this.hungAfter, tasks, this.maxRecordBytes);
	}

	/** The number of children, with 0 resolved to the available processors. */
	public int resolvedProcesses() {
		return (this.processes > 0) ? this.processes : Runtime.getRuntime().availableProcessors();
	}

}
