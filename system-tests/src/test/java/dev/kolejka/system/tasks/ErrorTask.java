package dev.kolejka.system.tasks;

import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;

/**
 * Fails in ways a plain {@code catch (Exception)} misses, or with an outcome too large to
 * publish as it is: {@code assertion} throws an {@link AssertionError}, {@code linkage} a
 * {@link LinkageError}, {@code huge-message} an exception whose message is {@code size}
 * characters, {@code many-counters} succeeds after touching {@code size} distinct
 * counters.
 */
@TaskName(value = "error", pool = Pool.CPU)
public record ErrorTask(String kind, int size) implements Task<String> {

	@Override
	public String run(TaskContext context) {
		return switch (this.kind) {
			case "assertion" -> throw new AssertionError("an assertion failed inside the task");
			case "linkage" -> throw new NoClassDefFoundError("com/example/Missing");
			case "huge-message" -> throw new IllegalStateException("x".repeat(this.size));
			case "many-counters" -> {
				for (int i = 0; i < this.size; i++) {
					context.counter("many-" + i + "-" + "c".repeat(64)).add(1);
				}
				yield "counted";
			}
			default -> throw new IllegalArgumentException("unknown kind " + this.kind);
		};
	}

}
