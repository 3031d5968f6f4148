package dev.kolejka.pool.process;

import java.util.concurrent.ScheduledExecutorService;

import dev.kolejka.codec.TaskCodec;

/**
 * What a pool's slots share: how children are started and spoken to, where they report,
 * the pool's timer thread and its queue.
 *
 * @param settings the pool's settings
 * @param codec turns tasks and results into the bytes that cross the pipes
 * @param scoreboard the memory-mapped view of every child
 * @param command how a child JVM is started
 * @param timers deadlines, start timeouts and the hang watchdog; one thread
 * @param queue the chunks waiting for a child, and the pool's state
 */
record PoolParts(ProcessPoolSettings settings, TaskCodec codec, Scoreboard scoreboard, ChildCommand command,
		ScheduledExecutorService timers, TaskQueue queue) {

	/** Terminating or beyond: children are being killed and nothing new may start. */
	boolean isTerminating() {
		return this.queue.state().compareTo(PoolState.TERMINATING) >= 0;
	}

}
