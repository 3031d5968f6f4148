package dev.kolejka.system.tasks;

import java.util.List;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskProvider;

/**
 * Tasks for fault drills in system tests, plugged in through the SPI like a user's jar.
 */
public final class TestTasks implements TaskProvider {

	@Override
	public List<Class<? extends Task<?>>> tasks() {
		return List.of(FlakyTask.class, StubbornTask.class, RaceTask.class, ErrorTask.class);
	}

}
