package dev.kolejka.system;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kolejka.job.JobEvent;

/**
 * {@code Succeeded} events as written to job-events ({@link SucceededEventsTail} reads
 * them): each is one run that finished, so two for the same job mean it ran twice.
 */
record SucceededEvents(List<JobEvent.Succeeded> events) {

	/** Jobs that succeeded more than once, with how often. */
	Map<String, Integer> duplicates() {
		var counts = new HashMap<String, Integer>();
		this.events.forEach((succeeded) -> counts.merge(succeeded.id().toString(), 1, Integer::sum));
		counts.values().removeIf((count) -> count == 1);
		return counts;
	}

	Map<String, Integer> byWorker() {
		var counts = new HashMap<String, Integer>();
		this.events.forEach((succeeded) -> counts.merge(succeeded.execution().workerId(), 1, Integer::sum));
		return counts;
	}

	/** When the first of these jobs that the worker ran finished. */
	Optional<Instant> firstBy(String workerId) {
		return this.events.stream()
			.filter((succeeded) -> succeeded.execution().workerId().equals(workerId))
			.map(JobEvent.Succeeded::at)
			.min(Comparator.naturalOrder());
	}

	/**
	 * The longest time in which none of these jobs finished, between its first and last.
	 */
	long longestGapMillis() {
		var finished = this.events.stream().map((succeeded) -> succeeded.at().toEpochMilli()).sorted().toList();
		long gap = 0;
		for (int i = 1; i < finished.size(); i++) {
			gap = Math.max(gap, finished.get(i) - finished.get(i - 1));
		}
		return gap;
	}

}
