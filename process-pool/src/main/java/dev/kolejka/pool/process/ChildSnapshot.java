package dev.kolejka.pool.process;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One child's scoreboard slot, read without asking the child.
 *
 * @param slot the slot index
 * @param state what the child is doing
 * @param pid the child's OS pid, 0 when none
 * @param currentJob the job it is running, when {@link ChildState#BUSY}
 * @param tasksDone tasks this child finished since it started
 * @param heartbeat when the child last proved it is alive
 */
public record ChildSnapshot(int slot, ChildState state, long pid, @Nullable UUID currentJob, long tasksDone,
		Instant heartbeat) {
}
