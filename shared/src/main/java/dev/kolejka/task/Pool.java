package dev.kolejka.task;

import java.util.Locale;
import java.util.Optional;

/** The three kinds of execution pool a worker runs jobs on. */
public enum Pool {

	/** Threads, one per available processor: CPU-bound work. */
	CPU,
	/** Child JVMs: isolation and hard limits. */
	PROCESS,
	/** A virtual thread per job: blocking or async I/O. */
	IO;

	/** The public, lowercase name used in JSON and metrics. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<Pool> fromId(String id) {
		for (Pool pool : values()) {
			if (pool.id().equals(id)) {
				return Optional.of(pool);
			}
		}
		return Optional.empty();
	}

}
