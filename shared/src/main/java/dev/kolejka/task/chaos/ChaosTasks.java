package dev.kolejka.task.chaos;

import java.util.List;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskProvider;
import dev.kolejka.task.TaskSettings;

/** Offers {@link ChaosTask} only where fault drills were switched on. */
public final class ChaosTasks implements TaskProvider {

	@Override
	public List<Class<? extends Task<?>>> tasks() {
		return List.of(ChaosTask.class);
	}

	@Override
	public boolean enabled(TaskSettings settings) {
		return settings.chaosEnabled();
	}

}
