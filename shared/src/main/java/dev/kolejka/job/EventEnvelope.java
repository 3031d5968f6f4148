package dev.kolejka.job;

import java.util.List;

/**
 * The value of one {@code job-events} record. A worker publishes the events of many jobs
 * in one record, because on this class of machine Kafka's cost is per record far more
 * than per byte.
 */
public record EventEnvelope(List<BatchQueued> batches, List<JobEvent> events) {

	public EventEnvelope {
		batches = Checked.list(batches, BatchQueued.class);
		events = Checked.list(events, JobEvent.class);
	}

	public static EventEnvelope of(List<JobEvent> events) {
		return new EventEnvelope(List.of(), events);
	}

	public static EventEnvelope of(BatchQueued batch) {
		return new EventEnvelope(List.of(batch), List.of());
	}

}
