package dev.kolejka.bench;

import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The result of one measurement, or why it failed (or was skipped), so that one broken
 * peer turns its cells into "failed: reason" instead of stopping the run.
 */
record Outcome<T>(@Nullable T value, Cell whenMissing) {

	static <T> Outcome<T> of(Supplier<T> measurement) {
		try {
			return new Outcome<>(measurement.get(), Cell.notApplicable());
		}
		catch (RuntimeException ex) {
			System.out.println("measurement failed: " + ex);
			return new Outcome<>(null, Cell.failed(String.valueOf(ex.getMessage()).lines().findFirst().orElse("?")));
		}
	}

	static <T> Outcome<T> missing(Cell why) {
		return new Outcome<>(null, why);
	}

	/** A cell from the measured value, or the failure (or skip) itself. */
	Cell cell(Function<T, Double> figure) {
		if (this.value == null) {
			return this.whenMissing;
		}
		try {
			return Cell.of(figure.apply(this.value));
		}
		catch (RuntimeException ex) {
			return Cell.failed(String.valueOf(ex.getMessage()));
		}
	}

}
