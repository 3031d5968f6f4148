package dev.kolejka.worker.consumer;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;

/**
 * The jobs taken and not yet released by their pool, and the key lanes the keyed ones
 * wait in: what the {@link Dispatcher} fills, and what a {@link Handoff} gives up when
 * jobs it drops will never run here.
 */
final class InFlightJobs {

	private final AtomicInteger jobs = new AtomicInteger();

	private final KeyLanes lanes = new KeyLanes();

	void taken(int count) {
		this.jobs.addAndGet(count);
	}

	/** A pool is done with one job. */
	void released() {
		this.jobs.decrementAndGet();
	}

	/** A keyed job's in-place retry: in flight again until its pool releases it. */
	void retrying() {
		this.jobs.incrementAndGet();
	}

	/** Jobs that will never be released: they were dropped before they ran. */
	void dropped(int count) {
		this.jobs.addAndGet(-count);
	}

	/** The partition moved away: its lanes' waiting jobs will never run here. */
	void forgetLanes(TopicPartition partition) {
		dropped(this.lanes.forget(partition));
	}

	KeyLanes lanes() {
		return this.lanes;
	}

	int count() {
		return this.jobs.get();
	}

}
