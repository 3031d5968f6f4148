package dev.kolejka.task.builtin;

import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Blocks for {@code ms} milliseconds: the model of an I/O wait. */
@TaskName(value = "sleep", pool = Pool.IO)
public record SleepTask(@Min(0) @Max(86_400_000) int ms) implements Task<SleepTask.Result> {

	@Override
	public Result run(TaskContext context) throws InterruptedException {
		Thread.sleep(this.ms);
		return new Result(this.ms);
	}

	public record Result(int sleptMs) {
	}

}
