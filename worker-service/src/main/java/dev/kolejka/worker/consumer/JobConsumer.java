package dev.kolejka.worker.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.codec.CodecException;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.topic.JobHeaders;
import dev.kolejka.topic.Topics;
import dev.kolejka.worker.config.WorkerProperties;
import dev.kolejka.worker.execution.AttemptCallbacks;
import dev.kolejka.worker.execution.AttemptRunner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The worker's poll loop. Records are decoded and handed to the pools without waiting for
 * earlier ones; offsets are committed per partition up to the lowest unfinished record;
 * when too many jobs are in flight the consumer pauses instead of buffering.
 *
 * <p>
 * One thread ({@code kolejka-consumer}) owns the Kafka consumer and the
 * {@link OffsetTracker}; pool threads report a finished record by queueing it, so the hot
 * path takes no lock.
 */
@Component
public class JobConsumer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JobConsumer.class);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private enum State {

		NEW, RUNNING, DRAINING, STOPPED

	}

	private final ConsumerFactory<String, byte[]> consumers;

	private final TaskCodec codec;

	private final AttemptRunner runner;

	private final DeadLetters deadLetters;

	private final Topics topics;

	private final WorkerProperties properties;

	private final OffsetTracker offsets = new OffsetTracker();

	private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();

	/** Jobs taken and not yet released by their pool: what backpressure bounds. */
	private final AtomicInteger inFlight = new AtomicInteger();

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-retry-timer").daemon().factory());

	private volatile State state = State.NEW;

	private volatile @Nullable Thread thread;

	private boolean paused;

	JobConsumer(ConsumerFactory<String, byte[]> consumers, TaskCodec codec, AttemptRunner runner,
			DeadLetters deadLetters, Topics topics, WorkerProperties properties) {
		this.consumers = consumers;
		this.codec = codec;
		this.runner = runner;
		this.deadLetters = deadLetters;
		this.topics = topics;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.state = State.RUNNING;
		this.thread = Thread.ofPlatform().name("kolejka-consumer").start(this::pollLoop);
	}

	/**
	 * SIGTERM: stop taking work, let in-flight jobs finish within the grace period,
	 * commit, leave the group.
	 */
	@Override
	public void stop() {
		this.state = State.DRAINING;
		Thread current = this.thread;
		if (current != null) {
			try {
				current.join(this.properties.shutdownGrace().plusSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.timer.shutdownNow();
		this.state = State.STOPPED;
	}

	@Override
	public boolean isRunning() {
		return this.state == State.RUNNING || this.state == State.DRAINING;
	}

	public int inFlight() {
		return this.inFlight.get();
	}

	private void pollLoop() {
		Consumer<String, byte[]> consumer = this.consumers.createConsumer(Topics.WORKER_GROUP, null);
		try {
			consumer.subscribe(List.of(this.topics.jobs(), this.topics.retries()), new Rebalance(consumer));
			while (this.state == State.RUNNING) {
				settle(consumer);
				for (ConsumerRecord<String, byte[]> record : consumer.poll(this.properties.pollTimeout())) {
					take(record);
				}
			}
			drain(consumer);
		}
		catch (WakeupException ex) {
			logger.debug("Consumer woken up to stop");
		}
		catch (RuntimeException ex) {
			logger.error("The job consumer stopped on an unexpected error; restart this worker", ex);
		}
		finally {
			// leave the group promptly: the default close waits up to 30 s for pending
			// coordinator requests
			consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)
				.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
		}
	}

	private void take(ConsumerRecord<String, byte[]> record) {
		var partition = new TopicPartition(record.topic(), record.partition());
		this.offsets.taken(partition, record.offset());
		JobChunk chunk;
		try {
			chunk = this.codec.decode(record.value(), JobChunk.class);
		}
		catch (CodecException ex) {
			this.inFlight.incrementAndGet();
			this.deadLetters.send(record, ex, () -> {
				this.inFlight.decrementAndGet();
				finish(partition, record.offset());
			});
			return;
		}
		var unsettled = new AtomicInteger(chunk.jobs().size());
		this.inFlight.addAndGet(chunk.jobs().size());
		var callbacks = new AttemptCallbacks(() -> {
			if (unsettled.decrementAndGet() == 0) {
				finish(partition, record.offset());
			}
		}, this.inFlight::decrementAndGet);
		long delayMs = notBefore(record) - System.currentTimeMillis();
		for (JobSubmission job : chunk.jobs()) {
			if (delayMs > 0) {
				// a retry waits out its backoff here, off the poll thread and without
				// holding up other records
				this.timer.schedule(() -> this.runner.run(job, callbacks), delayMs, TimeUnit.MILLISECONDS);
			}
			else {
				this.runner.run(job, callbacks);
			}
		}
	}

	private static long notBefore(ConsumerRecord<String, byte[]> record) {
		Header header = record.headers().lastHeader(JobHeaders.NOT_BEFORE);
		if (header == null) {
			return 0;
		}
		try {
			return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private void finish(TopicPartition partition, long offset) {
		this.finished.add(new Finished(partition, offset));
	}

	/**
	 * Applies finished records, commits what advanced, and pauses or resumes on the
	 * in-flight bound.
	 */
	private void settle(Consumer<String, byte[]> consumer) {
		for (Finished done = this.finished.poll(); done != null; done = this.finished.poll()) {
			this.offsets.finished(done.partition(), done.offset());
		}
		Map<TopicPartition, OffsetAndMetadata> commits = this.offsets.committable();
		if (!commits.isEmpty()) {
			consumer.commitAsync(commits, (committed, failure) -> {
				if (failure != null) {
					logger.warn("Offset commit failed (a later one will cover it): " + failure.getMessage());
				}
			});
		}
		int jobs = this.inFlight.get();
		if (!this.paused && jobs >= this.properties.maxInFlight()) {
			consumer.pause(consumer.assignment());
			this.paused = true;
		}
		else if (this.paused && jobs <= this.properties.maxInFlight() / 2) {
			consumer.resume(consumer.paused());
			this.paused = false;
		}
	}

	private void drain(Consumer<String, byte[]> consumer) {
		consumer.pause(consumer.assignment());
		long deadline = System.nanoTime() + this.properties.shutdownGrace().toNanos();
		while (this.inFlight.get() > 0 && System.nanoTime() < deadline) {
			settle(consumer);
			consumer.pause(consumer.assignment());
			consumer.poll(Duration.ofMillis(50));
		}
		settle(consumer);
		consumer.commitSync(this.offsets.committable());
		if (this.inFlight.get() > 0) {
			logger.warn(this.inFlight.get() + " jobs were still running at the end of the grace period; "
					+ "they will be redelivered to another worker");
		}
	}

	private record Finished(TopicPartition partition, long offset) {
	}

	/**
	 * Commits what is finished before partitions move to another worker, and forgets
	 * them.
	 */
	private final class Rebalance implements ConsumerRebalanceListener {

		private final Consumer<String, byte[]> consumer;

		Rebalance(Consumer<String, byte[]> consumer) {
			this.consumer = consumer;
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			settle(this.consumer);
			Map<TopicPartition, OffsetAndMetadata> commits = JobConsumer.this.offsets.committable();
			if (!commits.isEmpty()) {
				this.consumer.commitSync(commits);
			}
			JobConsumer.this.offsets.forget(partitions);
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (JobConsumer.this.paused) {
				this.consumer.pause(partitions);
			}
		}

	}

}
