package dev.kolejka.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.JobEvent;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.Topics;

/**
 * Every {@code Succeeded} event of one batch as written to job-events: each is one run
 * that finished, so two for the same job mean it ran twice.
 */
record SucceededEvents(List<JobEvent.Succeeded> events) {

	static SucceededEvents of(String topicPrefix, String batchId) {
		return of(topicPrefix, Set.of(batchId));
	}

	/** The {@code Succeeded} events of the jobs of any of the batches. */
	static SucceededEvents of(String topicPrefix, Collection<String> batchIds) {
		TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS), Topics.MAX_RECORD_BYTES);
		var successes = new ArrayList<JobEvent.Succeeded>();
		for (var record : TopicRecords.all(new Topics(topicPrefix).jobEvents())) {
			for (JobEvent event : codec.decode(record.value(), EventEnvelope.class).events()) {
				if (event instanceof JobEvent.Succeeded succeeded && succeeded.submission().batch() != null
						&& batchIds.contains(succeeded.submission().batch().batchId().toString())) {
					successes.add(succeeded);
				}
			}
		}
		return new SucceededEvents(List.copyOf(successes));
	}

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
	java.util.Optional<java.time.Instant> firstBy(String workerId) {
		return this.events.stream()
			.filter((succeeded) -> succeeded.execution().workerId().equals(workerId))
			.map(JobEvent.Succeeded::at)
			.min(java.util.Comparator.naturalOrder());
	}

	/**
	 * The longest time in which no job of the batch finished, between its first and last.
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
