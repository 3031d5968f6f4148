package dev.kolejka.loadgen;

/**
 * A load run so far: counts since the start, and the p99 latencies of the last interval
 * (milliseconds).
 */
public record Progress(double elapsedSeconds, long submitted, long accepted, long completed, long failed, long errors,
		long inFlight, double acceptP99Ms, double completionP99Ms) {

	/** The live line a terminal shows. */
	public String line(double targetRate) {
		double rate = (this.elapsedSeconds > 0) ? this.submitted / this.elapsedSeconds : 0;
		return String.format(java.util.Locale.ROOT,
				"%6.1fs  rate %8.1f/%.0f jobs/s  in flight %6d  done %8d  failed %5d  errors %5d  p99 accept %7.2f ms  completion %7.2f ms",
				this.elapsedSeconds, rate, targetRate, this.inFlight, this.completed, this.failed, this.errors,
				this.acceptP99Ms, this.completionP99Ms);
	}

}
