package dev.kolejka.worker.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.kolejka.codec.CodecException;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.topic.JobHeaders;
import dev.kolejka.worker.execution.AttemptCallbacks;
import dev.kolejka.worker.execution.AttemptRunner;
import dev.kolejka.worker.execution.RetryPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Turns a record taken from Kafka into attempts on the pools, without waiting for earlier
 * records: decodes it (a record that does not decode is dead-lettered), enters keyed jobs
 * into their key's lane, and holds a retry until its {@code not-before}, off the poll
 * thread.
 *
 * <p>
 * {@link #take} never throws and every job it takes ends settled, released or handed
 * back: a record it cannot read must not stop the poll loop or its partition's commits.
 */
final class Dispatcher implements AutoCloseable {

	private final TaskCodec codec;

	private final AttemptRunner runner;

	private final DeadLetters deadLetters;

	private final RecordLedger ledger;

	private final Clock clock;

	private final InFlightJobs inFlight;

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-retry-timer").daemon().factory());

	Dispatcher(TaskCodec codec, AttemptRunner runner, DeadLetters deadLetters, RecordLedger ledger,
			InFlightJobs inFlight, Clock clock) {
		this.codec = codec;
		this.runner = runner;
		this.deadLetters = deadLetters;
		this.ledger = ledger;
		this.inFlight = inFlight;
		this.clock = clock;
	}

	void take(ConsumerRecord<String, byte[]> record) {
		var partition = new TopicPartition(record.topic(), record.partition());
		if (this.ledger.settledEarlier(partition, record.offset())) {
			return;
		}
		JobChunk chunk;
		try {
			chunk = decode(record);
		}
		catch (RuntimeException ex) {
			String reason = (ex instanceof CodecException codecError) ? codecError.reason() : "malformed";
			deadLetter(record, partition, reason, String.valueOf(ex.getMessage()));
			return;
		}
		int size = chunk.jobs().size();
		BitSet settledEarlier = this.ledger.jobsSettledEarlier(partition, record.offset());
		TakenRecord taken = this.ledger.take(partition, record.offset(), size, settledEarlier);
		this.inFlight.taken(size - settledEarlier.get(0, size).cardinality());
		long delayMs = holdMillis(record, this.clock.millis());
		for (int index = 0; index < size; index++) {
			if (settledEarlier.get(index)) {
				// the partition's previous owner ran it while others of the chunk still
				// ran
				continue;
			}
			JobSubmission job = chunk.jobs().get(index);
			int place = index;
			String key = job.options().key();
			if (key != null && delayMs <= 0) {
				KeyLanes.Lane lane = this.inFlight.lanes().laneOf(partition, key);
				AttemptCallbacks keyed = keyedCallbacks(lane, taken, place);
				this.inFlight.lanes().enter(lane, () -> this.runner.run(job, keyed));
				continue;
			}
			var callbacks = new AttemptCallbacks(taken::admit, () -> this.ledger.settleOne(taken, place),
					this.inFlight::released, taken::owned);
			if (delayMs > 0) {
				// a retry waits out its backoff here, without holding up other records
				taken.waitsFor(
						this.timer.schedule(() -> this.runner.run(job, callbacks), delayMs, TimeUnit.MILLISECONDS));
			}
			else {
				this.runner.run(job, callbacks);
			}
		}
	}

	private JobChunk decode(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			throw new IllegalArgumentException("The record has no value");
		}
		JobChunk chunk = this.codec.decode(record.value(), JobChunk.class);
		if (chunk.jobs().isEmpty() || chunk.jobs().stream().anyMatch(Objects::isNull)) {
			throw new IllegalArgumentException("The record's chunk holds no jobs, or a null job");
		}
		return chunk;
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, TopicPartition partition, String reason,
			String message) {
		TakenRecord letter = this.ledger.take(partition, record.offset(), 1);
		// under way at once: a handoff waits for it rather than dead-letter it twice
		letter.admit();
		this.deadLetters.send(record, reason, message, () -> this.ledger.settleOne(letter, 0));
	}

	/**
	 * A keyed job holds its key's lane from its first attempt to its settled outcome, and
	 * is retried from its own record, so that no later job of the key overtakes it. A job
	 * refused at the start (its record was handed back) leaves the lane at once.
	 */
	private AttemptCallbacks keyedCallbacks(KeyLanes.Lane lane, TakenRecord taken, int place) {
		var left = new AtomicBoolean();
		Runnable leave = () -> {
			if (left.compareAndSet(false, true)) {
				this.inFlight.lanes().leave(lane);
			}
		};
		var self = new AtomicReference<AttemptCallbacks>();
		self.set(new AttemptCallbacks(() -> {
			if (taken.admit()) {
				return true;
			}
			leave.run();
			return false;
		}, () -> {
			this.ledger.settleOne(taken, place);
			leave.run();
		}, this.inFlight::released, (next, notBefore) -> {
			this.inFlight.retrying();
			long delay = Math.clamp(notBefore.toEpochMilli() - this.clock.millis(), 0,
					RetryPolicy.MAX_DELAY.toMillis());
			taken.waitsFor(this.timer.schedule(() -> this.runner.run(next, self.get()), delay, TimeUnit.MILLISECONDS));
		}, taken::owned));
		return self.get();
	}

	/**
	 * How long the record's {@code not-before} header says to wait: never more than the
	 * longest retry delay, whatever the header holds, so no record can park its partition
	 * for ever.
	 */
	static long holdMillis(ConsumerRecord<?, ?> record, long nowMillis) {
		Header header = record.headers().lastHeader(JobHeaders.NOT_BEFORE);
		if (header == null || header.value() == null) {
			return 0;
		}
		try {
			long notBefore = Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
			return Math.clamp(Math.subtractExact(notBefore, nowMillis), 0, RetryPolicy.MAX_DELAY.toMillis());
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return 0;
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
