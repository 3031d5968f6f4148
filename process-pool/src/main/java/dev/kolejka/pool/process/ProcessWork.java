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

	/**
	 * Callbacks, made on the pool's threads: keep them short. One that throws is logged
	 * and settles its own task (as {@code EXCEPTION} when it can still be settled); it
	 * never costs the pool a thread.
	 */
	public interface Listener {

		/**
		 * Asked right before a child takes the task; false refuses it (the caller has
		 * taken it back, e.g. because its Kafka partition moved): it ends
		 * {@link ChildOutcome.NotStarted} without running.
		 */
		default boolean admit() {
			return true;
		}

		/** A child took the task: {@code pid} is the child's, {@code thread} names it. */
		default void started(long pid, String thread) {
		}

		/**
		 * Called exactly once for every task: it ran, was cancelled while queued, was
		 * refused by {@link #admit()}, or the pool stopped before it started.
		 */
		void finished(ChildOutcome outcome);

	}

}
