package dev.kolejka.worker.event;

import dev.kolejka.job.JobEvent;
import org.jspecify.annotations.Nullable;

/**
 * An event waiting to be published, and what runs once Kafka has it.
 *
 * @param event the event
 * @param onAcknowledged runs once Kafka acknowledged the event, or the one that
 * superseded it
 */
record PendingEvent(JobEvent event, @Nullable Runnable onAcknowledged) {

	/** This event, acknowledging {@code dropped} (an earlier one it supersedes) too. */
	PendingEvent after(PendingEvent dropped) {
		Runnable first = dropped.onAcknowledged();
		Runnable then = this.onAcknowledged;
		if (first == null) {
			return this;
		}
		return new PendingEvent(this.event, () -> {
			first.run();
			if (then != null) {
				then.run();
			}
		});
	}

}
