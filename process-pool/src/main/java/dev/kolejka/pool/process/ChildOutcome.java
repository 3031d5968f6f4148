package dev.kolejka.pool.process;

import java.time.Duration;
import java.util.Map;

import dev.kolejka.job.JobError;
import org.jspecify.annotations.Nullable;

/**
 * How one task handed to the pool ended. Exactly one outcome is reported per task,
 * whether it ran or not.
 */
public sealed interface ChildOutcome {

	/**
	 * The task returned.
	 *
	 * @param result the decoded result
	 * @param counters the counter deltas the task recorded
	 * @param pid the child that ran it
	 * @param run how long it ran inside the child
	 */
	record Returned(@Nullable Object result, Map<String, Long> counters, long pid,
			Duration run) implements ChildOutcome {
	}

	/**
	 * The task threw, or its result could not be sent back; the child lives on.
	 *
	 * @param error the failure as data
	 * @param pid the child that ran it
	 * @param run how long it ran inside the child
	 */
	record Threw(JobError error, long pid, Duration run) implements ChildOutcome {
	}

	/**
	 * The child died or was killed under the task: a {@code WORKER_LOST}, a
	 * {@code TIMEOUT} or a {@code CANCELLED} error. A task cancelled while still queued
	 * ends here too, with pid 0, without ever reaching a child.
	 *
	 * @param error why
	 * @param pid the child that was running it, 0 if none
	 * @param run how long it ran before that
	 */
	record Killed(JobError error, long pid, Duration run) implements ChildOutcome {
	}

	/**
	 * The task never reached a child and never will: its listener refused it at
	 * {@link ProcessWork.Listener#admit()}, or the pool was closed or terminated with it
	 * still queued. Nothing ran, so this is no attempt: a caller that handed the task
	 * back (e.g. its Kafka record) must not count it as a failure.
	 *
	 * @param reason why; {@code WORKER_LOST} when the pool stopped first
	 */
	record NotStarted(JobError reason) implements ChildOutcome {
	}

}
