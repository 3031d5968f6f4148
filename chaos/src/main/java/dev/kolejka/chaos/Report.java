package dev.kolejka.chaos;

import java.util.List;
import java.util.Map;

/**
 * What a soak found.
 *
 * @param jobs accepted jobs
 * @param faults faults injected: process faults, hostile records and poison submits
 * @param processFaults kills and SIGTERMs of processes
 * @param lost accepted jobs the API no longer knows
 * @param stuck accepted jobs not terminal at the end
 * @param doubleCounted how far the counter is above the sum of its succeeded jobs
 * @param states final states of the accepted jobs
 * @param violations every failed check, empty when the soak passed
 * @param figures the measurements behind the checks, one line each
 */
public record Report(int jobs, int faults, int processFaults, int lost, int stuck, long doubleCounted,
		Map<String, Integer> states, List<String> violations, List<String> figures) {

	/** {@code jobs N, faults injected F, lost 0, stuck 0, double-counted 0}. */
	public String summary() {
		return "jobs %d, faults injected %d, lost %d, stuck %d, double-counted %d".formatted(this.jobs, this.faults,
				this.lost, this.stuck, this.doubleCounted);
	}

	public boolean passed() {
		return this.violations.isEmpty();
	}

}
