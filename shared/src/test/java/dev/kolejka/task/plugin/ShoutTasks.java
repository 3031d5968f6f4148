package dev.kolejka.task.plugin;

import java.util.List;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskProvider;

/**
 * Listed in META-INF/services of the test class path, as a user's task jar would list it.
 */
public final class ShoutTasks implements TaskProvider {

	@Override
	public List<Class<? extends Task<?>>> tasks() {
		return List.of(ShoutTask.class);
	}

	@Override
	public List<Class<?>> componentTypes() {
		return List.of(ShoutTask.Volume.class);
	}

}
