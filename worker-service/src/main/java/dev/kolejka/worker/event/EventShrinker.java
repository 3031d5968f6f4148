package dev.kolejka.worker.event;

import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import org.jspecify.annotations.Nullable;

/**
 * The smallest honest stand-in for a job event that would not encode. A success too big
 * to publish becomes an invalid failure (its result and counters never existed as far as
 * the cluster knows); a failure keeps its kind and loses its detail.
 */
final class EventShrinker {

	private static final int SHORT_MESSAGE = 200;

	private EventShrinker() {
	}

	/** A smaller event, or null when there is nothing to send instead. */
	static @Nullable JobEvent shrink(JobEvent event, RuntimeException failure) {
		return switch (event) {
			case JobEvent.Succeeded succeeded -> new JobEvent.Failed(succeeded.id(), succeeded.task(),
					succeeded.attempt(), succeeded.startedAt(), succeeded.at(), succeeded.execution(),
					JobError.invalid(
							shorten("The job's result or counters could not be published: " + failure.getMessage())),
					succeeded.submission());
			case JobEvent.Failed failed -> new JobEvent.Failed(failed.id(), failed.task(), failed.attempt(),
					failed.startedAt(), failed.at(), failed.execution(), shorten(failed.error()), failed.submission());
			case JobEvent.Queued queued -> new JobEvent.Queued(queued.id(), queued.task(), queued.attempt(),
					queued.at(), queued.options(), queued.batch(), queued.nextAttemptAt(),
					(queued.lastError() != null) ? shorten(queued.lastError()) : null);
			case JobEvent.Running running -> null;
			case JobEvent.Cancelled cancelled -> null;
		};
	}

	private static JobError shorten(JobError error) {
		return new JobError(error.type(), shorten(error.message()), null);
	}

	private static String shorten(String text) {
		return (text.length() > SHORT_MESSAGE) ? text.substring(0, SHORT_MESSAGE) + "…" : text;
	}

}
