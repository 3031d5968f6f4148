package dev.kolejka.system.tasks;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;

/**
 * Fails its first {@code failures} attempts, then succeeds with the attempt it succeeded
 * on.
 */
@TaskName("flaky")
public record FlakyTask(int failures) implements Task<Integer> {

	@Override
	public Integer run(TaskContext context) {
		if (context.attempt() <= this.failures) {
			throw new IllegalStateException("flaky failure on attempt " + context.attempt());
		}
		return context.attempt();
	}

}
