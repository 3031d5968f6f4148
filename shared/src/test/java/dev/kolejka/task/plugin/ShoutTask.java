package dev.kolejka.task.plugin;

import java.util.Locale;

import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;

/** A user's own task, contributed through the SPI like a separate jar would. */
@TaskName(value = "shout", pool = Pool.IO)
public record ShoutTask(String words, Volume volume) implements Task<String> {

	@Override
	public String run(TaskContext context) {
		return (this.volume == Volume.LOUD) ? this.words.toUpperCase(Locale.ROOT) : this.words;
	}

	/** A component type the provider registers with the codec. */
	public enum Volume {

		QUIET, LOUD

	}

}
