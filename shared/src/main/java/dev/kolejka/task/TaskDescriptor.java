package dev.kolejka.task;

import static java.util.Objects.requireNonNull;

/** A registered task: its public name, default pool and record type. */
public record TaskDescriptor(String name, Pool defaultPool, Class<? extends Task<?>> type) {

	public TaskDescriptor {
		requireNonNull(name, "name");
		requireNonNull(defaultPool, "defaultPool");
		requireNonNull(type, "type");
	}

	public static TaskDescriptor of(Class<? extends Task<?>> type) {
		TaskName annotation = type.getAnnotation(TaskName.class);
		if (annotation == null) {
			throw new IllegalArgumentException(type.getName() + " must be annotated with @TaskName to be registered");
		}
		if (!type.isRecord()) {
			throw new IllegalArgumentException(type.getName() + " must be a record: a task travels as its components");
		}
		if (!annotation.value().matches("[a-z][a-z0-9-]{0,63}")) {
			throw new IllegalArgumentException(
					"Task name '" + annotation.value() + "' of " + type.getName() + " must match [a-z][a-z0-9-]{0,63}");
		}
		return new TaskDescriptor(annotation.value(), annotation.pool(), type);
	}

}
