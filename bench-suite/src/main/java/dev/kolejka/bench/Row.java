package dev.kolejka.bench;

import org.jspecify.annotations.Nullable;

/**
 * One line of the report: a workload and what is measured, Kolejka's figure and each
 * peer's, all from the same run, and which direction is better.
 */
record Row(String id, String workload, String unit, Better better, Cell kolejka, Cell kafka, Cell celery, String note) {

	enum Better {

		HIGHER, LOWER

	}

	/** Kolejka ÷ peer, when both were measured and the peer's figure is not zero. */
	@Nullable Double ratio(Cell peer) {
		if (!this.kolejka.measured() || !peer.measured() || peer.value() == 0) {
			return null;
		}
		return this.kolejka.value() / peer.value();
	}

}
