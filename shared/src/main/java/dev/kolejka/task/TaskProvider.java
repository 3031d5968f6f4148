package dev.kolejka.task;

import java.util.List;

/**
 * The {@link java.util.ServiceLoader} SPI through which a jar contributes tasks: list the
 * implementation in {@code META-INF/services/dev.kolejka.task.TaskProvider}. What a
 * provider names here is all the codec will ever instantiate from bytes.
 */
public interface TaskProvider {

	List<Class<? extends Task<?>>> tasks();

	/**
	 * Further types that appear inside the tasks' components (nested records, enums),
	 * registered with the codec.
	 */
	default List<Class<?>> componentTypes() {
		return List.of();
	}

	/**
	 * Whether this provider's tasks are offered with the given settings (e.g. fault-drill
	 * tasks only when enabled).
	 */
	default boolean enabled(TaskSettings settings) {
		return true;
	}

}
