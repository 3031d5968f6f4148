package dev.kolejka.pool.process;

/** What a child is doing, as the scoreboard records it. */
public enum ChildState {

	/** No child in this slot. */
	EMPTY,
	/** Launched, not ready for work yet (JVM start, initializer). */
	STARTING,
	/** Waiting for work. */
	IDLE,
	/** Running a task. */
	BUSY;

	static ChildState of(long code) {
		ChildState[] states = values();
		return (code >= 0 && code < states.length) ? states[(int) code] : EMPTY;
	}

}
