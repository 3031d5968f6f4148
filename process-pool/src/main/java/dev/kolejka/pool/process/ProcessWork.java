package dev.kolejka.pool.process;

import java.time.Duration;
import java.util.UUID;

import dev.kolejka.task.Task;
import org.jspecify.annotations.Nullable;

/**
 * One task for the pool, with what the pool needs to run and report it.
 *
 * @param task the registered task to run
 * @param jobId shown on the scoreboard and given to the task's context
 * @param attempt given to the task's context
 * @param timeout the child is killed when the task runs longer; null for none
 * @param listener told when a child takes the task and how it ended
 */
public record ProcessWork(Task<?> task, UUID jobId, int attempt, @Nullable Duration timeout, Listener listener) {

	/** Callbacks, made on the pool's dispatcher threads: keep them short. */
	public interface Listener {

		/**
		 * Asked right before a child takes the task; false drops it without an outcome
		 * (the caller has taken it back, e.g. because its Kafka partition moved).
		 */
		default boolean admit() {
			return true;
		}

		/** A child took the task: {@code pid} is the child's, {@code thread} names it. */
		default void started(long pid, String thread) {
		}

		/** Called exactly once, whether the task ran or was cancelled while queued. */
		void finished(ChildOutcome outcome);

	}

}
