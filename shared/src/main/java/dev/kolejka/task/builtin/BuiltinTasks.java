package dev.kolejka.task.builtin;

import java.util.List;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskProvider;

/** Kolejka's own tasks, registered through the same SPI as a user's. */
public final class BuiltinTasks implements TaskProvider {

	@Override
	public List<Class<? extends Task<?>>> tasks() {
		return List.of(NoopTask.class, WordLengthsTask.class, MaxTask.class, CpuBurnTask.class, SleepTask.class,
				CountTask.class, HttpGetTask.class);
	}

}
