package dev.kolejka.system.tasks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;

/**
 * Blocks for {@code ms} and ignores interrupts: a task a timeout can only abandon, not
 * stop.
 */
@TaskName(value = "stubborn", pool = Pool.IO)
public record StubbornTask(int ms) implements Task<Integer> {

	@Override
	public Integer run(TaskContext context) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.ms);
		boolean interrupted = false;
		for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
			LockSupport.parkNanos(left);
			interrupted |= Thread.interrupted();
		}
		return interrupted ? 1 : 0;
	}

}
