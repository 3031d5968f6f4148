package dev.kolejka.task.builtin;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import org.jspecify.annotations.Nullable;

/** Does nothing: the yardstick for the cost of a job's trip through Kolejka. */
@TaskName("noop")
public record NoopTask() implements Task<@Nullable Void> {

	@Override
	public @Nullable Void run(TaskContext context) {
		return null;
	}

}
