package dev.kolejka.task.builtin;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Adds {@code by} to the shared counter {@code counter}. */
@TaskName("count")
public record CountTask(@NotBlank @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}") String counter,
		long by) implements Task<CountTask.Result> {

	@Override
	public Result run(TaskContext context) {
		context.counter(this.counter).add(this.by);
		return new Result(this.counter);
	}

	public record Result(String counter) {
	}

}
