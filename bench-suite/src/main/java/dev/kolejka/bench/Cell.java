package dev.kolejka.bench;

import org.jspecify.annotations.Nullable;

/**
 * One peer's figure for one row: a number, or why there is none. {@code notApplicable}
 * means the peer has no such thing (raw Kafka runs no jobs); {@code skipped} means it
 * could not be measured in this run (with the reason), {@code failed} that measuring
 * broke.
 */
record Cell(@Nullable Double value, Kind kind, @Nullable String reason) {

	enum Kind {

		MEASURED, NOT_APPLICABLE, SKIPPED, FAILED

	}

	static Cell of(double value) {
		return new Cell(value, Kind.MEASURED, null);
	}

	static Cell notApplicable() {
		return new Cell(null, Kind.NOT_APPLICABLE, null);
	}

	static Cell skipped(String reason) {
		return new Cell(null, Kind.SKIPPED, reason);
	}

	static Cell failed(String reason) {
		return new Cell(null, Kind.FAILED, reason);
	}

	boolean measured() {
		return this.kind == Kind.MEASURED && this.value != null && Double.isFinite(this.value);
	}

}
