package dev.kolejka.pool.process;

/**
 * Where a {@link ProcessPool} is in its life. It only moves forward:
 * {@code OPEN → CLOSING → TERMINATING → CLOSED}, any step may be skipped.
 */
enum PoolState {

	/** Takes tasks. */
	OPEN,
	/** {@code close()}: takes no new tasks; the queued ones still run. */
	CLOSING,
	/** {@code terminate()}: children are killed, queued tasks end not started. */
	TERMINATING,
	/** Every child is gone and the scoreboard is unmapped. */
	CLOSED;

	boolean canMoveTo(PoolState next) {
		return next.ordinal() > ordinal();
	}

}
