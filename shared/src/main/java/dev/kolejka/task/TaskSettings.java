package dev.kolejka.task;

/** What decides which optional tasks are registered. */
public record TaskSettings(boolean chaosEnabled) {

	public static final TaskSettings DEFAULTS = new TaskSettings(false);

}
