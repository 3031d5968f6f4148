package dev.kolejka.pool.process;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the scoreboard for busy children whose heartbeat stopped (a child stopped with
 * {@code SIGSTOP}, stuck in GC, or wedged in native code) and has each killed through the
 * task it was running, so its task fails {@code WORKER_LOST} and the slot gets a new
 * child. It reads the memory-mapped scoreboard only: no child is asked anything.
 */
final class HangWatchdog implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(HangWatchdog.class);

	private final Scoreboard scoreboard;

	private final List<ChildSlot> slots;

	private final Duration hungAfter;

	private final TaskQueue queue;

	private HangWatchdog(Scoreboard scoreboard, List<ChildSlot> slots, Duration hungAfter, TaskQueue queue) {
		this.scoreboard = scoreboard;
		this.slots = List.copyOf(slots);
		this.hungAfter = hungAfter;
		this.queue = queue;
	}

	/** Looks a few times per {@code hungAfter}, between every 50 ms and every second. */
	static void watch(PoolParts parts, List<ChildSlot> slots) {
		Duration hungAfter = parts.settings().hungAfter();
		long every = Math.clamp(Deadline.millis(hungAfter) / 4, 50, 1_000);
		parts.timers()
			.scheduleWithFixedDelay(new HangWatchdog(parts.scoreboard(), slots, hungAfter, parts.queue()), every, every,
					TimeUnit.MILLISECONDS);
	}

	/**
	 * Never throws: a periodic task that throws is never run again, and the pool would
	 * silently lose its watchdog.
	 */
	@Override
	public void run() {
		if (this.queue.state() == PoolState.CLOSED) {
			return;
		}
		try {
			Instant now = Instant.now();
			for (ChildSnapshot child : this.scoreboard.readAll()) {
				Duration silent = Duration.between(child.heartbeat(), now);
				if (child.state() == ChildState.BUSY && silent.compareTo(this.hungAfter) > 0) {
					this.slots.get(child.slot()).killHung(child, silent);
				}
			}
		}
		catch (RuntimeException ex) {
			if (this.queue.state() != PoolState.CLOSED) {
				log.warn("The process pool's hang watchdog failed once; it carries on", ex);
			}
		}
	}

}
