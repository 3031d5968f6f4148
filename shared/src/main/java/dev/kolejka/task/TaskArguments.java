package dev.kolejka.task;

import java.lang.reflect.RecordComponent;

import org.jspecify.annotations.Nullable;

/** How a task's record components read as arguments. */
public final class TaskArguments {

	private TaskArguments() {
	}

	/**
	 * A component typed {@code @Nullable} may be left out of a job's args (it is then
	 * null); every other component is required.
	 */
	public static boolean isOptional(RecordComponent component) {
		return component.getAnnotatedType().isAnnotationPresent(Nullable.class);
	}

}
