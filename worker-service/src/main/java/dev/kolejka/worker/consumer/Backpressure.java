package dev.kolejka.worker.consumer;

import java.util.List;
import java.util.function.IntSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Bounds the work a worker holds: jobs running or waiting in a pool (until released) and
 * jobs not yet settled (finished work waiting for Kafka's acknowledgement counts too, so
 * a slow {@code job-events} cannot make the unsettled backlog grow without limit). Past
 * {@code max-in-flight} of either, the consumer pauses; below half of it, it resumes.
 *
 * <p>
 * A poll returns up to {@code max.poll.records} records of up to a chunk of jobs each, so
 * checking only between polls would admit far more than the bound: the records of a poll
 * beyond it are given back by seeking their partitions to them, and fetched again after
 * the resume. At most one record's jobs go over the bound.
 */
final class Backpressure {

	private final int max;

	private final IntSupplier inFlight;

	private final IntSupplier unsettled;

	private boolean paused;

	Backpressure(int max, IntSupplier inFlight, IntSupplier unsettled) {
		this.max = max;
		this.inFlight = inFlight;
		this.unsettled = unsettled;
	}

	boolean full() {
		return this.inFlight.getAsInt() >= this.max || this.unsettled.getAsInt() >= this.max;
	}

	/** Takes the poll's records while there is room; gives the rest back and pauses. */
	void takeAll(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records,
			java.util.function.Consumer<ConsumerRecord<String, byte[]>> take) {
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<String, byte[]>> list = records.records(partition);
			int next = 0;
			while (next < list.size() && !full()) {
				take.accept(list.get(next++));
			}
			if (next < list.size()) {
				consumer.seek(partition, list.get(next).offset());
				pause(consumer);
			}
		}
	}

	/** Pauses or resumes on the bound; called by the poll thread between polls. */
	void adjust(Consumer<String, byte[]> consumer) {
		if (!this.paused && full()) {
			pause(consumer);
		}
		else if (this.paused && this.inFlight.getAsInt() <= this.max / 2 && this.unsettled.getAsInt() <= this.max / 2) {
			consumer.resume(consumer.paused());
			this.paused = false;
		}
	}

	private void pause(Consumer<String, byte[]> consumer) {
		consumer.pause(consumer.assignment());
		this.paused = true;
	}

	/** Partitions assigned while paused stay paused until the resume. */
	void assigned(Consumer<String, byte[]> consumer, java.util.Collection<TopicPartition> partitions) {
		if (this.paused) {
			consumer.pause(partitions);
		}
	}

}
