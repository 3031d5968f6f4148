package dev.kolejka.task.builtin;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Adds {@code by} to the shared counter {@code counter}. */
@TaskName("count")
public record CountTask(@NotBlank @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}") String counter,
		@Min(-MAX_BY) @Max(MAX_BY) long by) implements Task<CountTask.Result> {

	/**
	 * The most one job adds: a trillion, so it takes millions of jobs, far beyond any
	 * owner's quota, to bring a counter near {@code Long.MAX_VALUE}.
	 */
	public static final long MAX_BY = 1_000_000_000_000L;

	@Override
	public Result run(TaskContext context) {
		context.counter(this.counter).add(this.by);
		return new Result(this.counter);
	}

	public record Result(String counter) {
	}

}
