package dev.kolejka.system.tasks;

import java.util.ArrayList;
import java.util.concurrent.Callable;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;

/**
 * The course's race on a shared counter: many threads incrementing one counter inside one
 * job.
 */
@TaskName("race")
public record RaceTask(String counter, int threads, int increments) implements Task<Integer> {

	@Override
	public Integer run(TaskContext context) throws Exception {
		var parts = new ArrayList<Callable<Integer>>();
		for (int t = 0; t < this.threads; t++) {
			parts.add(() -> {
				TaskContext.Counter shared = context.counter(this.counter);
				for (int i = 0; i < this.increments; i++) {
					shared.add(1);
				}
				return this.increments;
			});
		}
		return context.parallel(parts).stream().mapToInt(Integer::intValue).sum();
	}

}
