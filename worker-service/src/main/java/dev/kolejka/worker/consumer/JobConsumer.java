package dev.kolejka.worker.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
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

	/**
	 * Records whose jobs all settled, handed from pool and producer threads to the poll
	 * thread.
	 */
	private final LinkedBlockingQueue<TakenRecord> finished = new LinkedBlockingQueue<>();

	/** Per partition, the records not yet settled; touched by the poll thread only. */
	private final Map<TopicPartition, Set<TakenRecord>> unsettled = new HashMap<>();

	/** Jobs taken and not yet released by their pool: what backpressure bounds. */
	private final AtomicInteger inFlight = new AtomicInteger();

	private final KeyLanes lanes = new KeyLanes();

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
				try {
					settle(consumer);
					for (ConsumerRecord<String, byte[]> record : consumer.poll(this.properties.pollTimeout())) {
						take(record);
					}
				}
				catch (RebalanceInProgressException | CommitFailedException ex) {
					// recoverable: the next poll rejoins the group
					logger.warn("Kafka refused a commit during a rebalance; carrying on: " + ex.getMessage());
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
			var letter = new TakenRecord(partition, record.offset(), 1);
			letter.admit(); // under way at once: a handoff waits for it rather than
							// dead-letter it twice
			this.unsettled.computeIfAbsent(partition, (p) -> new HashSet<>()).add(letter);
			this.deadLetters.send(record, ex, () -> this.finished.add(letter));
			return;
		}
		var taken = new TakenRecord(partition, record.offset(), chunk.jobs().size());
		this.unsettled.computeIfAbsent(partition, (p) -> new HashSet<>()).add(taken);
		this.inFlight.addAndGet(chunk.jobs().size());
		var callbacks = new AttemptCallbacks(taken::admit, () -> settleOne(taken), this.inFlight::decrementAndGet);
		long delayMs = notBefore(record) - System.currentTimeMillis();
		for (JobSubmission job : chunk.jobs()) {
			String key = job.options().key();
			if (key != null && delayMs <= 0) {
				AttemptCallbacks keyed = keyedCallbacks(partition, key, taken);
				this.lanes.enter(partition, key, () -> this.runner.run(job, keyed));
			}
			else if (delayMs > 0) {
				// a retry waits out its backoff here, off the poll thread and without
				// holding up other records
				taken.waitsFor(
						this.timer.schedule(() -> this.runner.run(job, callbacks), delayMs, TimeUnit.MILLISECONDS));
			}
			else {
				this.runner.run(job, callbacks);
			}
		}
	}

	private void settleOne(TakenRecord taken) {
		if (taken.settleOne()) {
			this.finished.add(taken);
		}
	}

	/**
	 * A keyed job holds its key's lane from its first attempt to its settled outcome, and
	 * is retried from its own record, so that no later job of the key overtakes it. A job
	 * refused at the start (its record was handed back) leaves the lane at once.
	 */
	private AttemptCallbacks keyedCallbacks(TopicPartition partition, String key, TakenRecord taken) {
		var left = new AtomicBoolean();
		Runnable leave = () -> {
			if (left.compareAndSet(false, true)) {
				this.lanes.leave(partition, key);
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
			settleOne(taken);
			leave.run();
		}, this.inFlight::decrementAndGet, (next, notBefore) -> {
			this.inFlight.incrementAndGet();
			long delay = Math.max(0, notBefore.toEpochMilli() - System.currentTimeMillis());
			taken.waitsFor(this.timer.schedule(() -> this.runner.run(next, self.get()), delay, TimeUnit.MILLISECONDS));
		}));
		return self.get();
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

	/**
	 * Applies finished records, commits what advanced, and pauses or resumes on the
	 * in-flight bound.
	 */
	private void settle(Consumer<String, byte[]> consumer) {
		for (TakenRecord done = this.finished.poll(); done != null; done = this.finished.poll()) {
			markFinished(done);
		}
		Map<TopicPartition, OffsetAndMetadata> commits = this.offsets.committable();
		if (!commits.isEmpty()) {
			consumer.commitAsync(commits, (committed, failure) -> {
				if (failure != null) {
					// runs on this thread, inside poll: offer these partitions again next
					// time
					this.offsets.commitFailed(commits.keySet());
					logger.debug("Offset commit failed, will retry: " + failure.getMessage());
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

	private void markFinished(TopicPartition partition, long offset) {
		this.offsets.finished(partition, offset);
	}

	private void markFinished(TakenRecord done) {
		markFinished(done.partition(), done.offset());
		Set<TakenRecord> records = this.unsettled.get(done.partition());
		if (records != null) {
			records.remove(done);
		}
	}

	/**
	 * SIGTERM: hand every partition back as a rebalance would, within the shutdown grace.
	 */
	private void drain(Consumer<String, byte[]> consumer) {
		consumer.pause(consumer.assignment());
		handBack(consumer, consumer.assignment(), this.properties.shutdownGrace(), true);
	}

	/**
	 * Hands partitions over to the group: the newest records none of whose jobs started
	 * are left to the next owner (and never run here); every older record gets up to
	 * {@code grace} to finish here; then the position is committed and the partitions are
	 * forgotten. Only a job still unfinished at the end of the grace, or one above it,
	 * can run twice.
	 */
	private void handBack(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions, Duration grace,
			boolean commit) {
		var pending = new HashSet<TakenRecord>();
		for (TopicPartition partition : partitions) {
			// Only the unstarted tail may be handed back: the commit stops at the lowest
			// record not finished, so
			// handing back a record below a finished one would make the next owner run
			// the finished one again.
			List<TakenRecord> newestFirst = this.unsettled.getOrDefault(partition, Set.of())
				.stream()
				.sorted(Comparator.comparingLong(TakenRecord::offset).reversed())
				.toList();
			boolean tail = true;
			for (TakenRecord record : newestFirst) {
				if (tail && record.handBack()) {
					this.inFlight.addAndGet(-record.cancelWaiting());
				}
				else {
					tail = false;
					pending.add(record);
				}
			}
		}
		awaitSettled(pending, grace);
		for (TakenRecord late : pending) {
			if (late.handBack()) {
				// still not started after the grace (a retry waiting out its backoff):
				// never run it here now
				this.inFlight.addAndGet(-late.cancelWaiting());
			}
			else if (late.revoke()) {
				// a keyed job between in-place retries: its next owner starts it over
				this.inFlight.addAndGet(-late.cancelWaiting());
			}
		}
		for (TopicPartition partition : partitions) {
			this.inFlight.addAndGet(-this.lanes.forget(partition));
		}
		settle(consumer);
		if (commit) {
			// synchronously, every handed-back partition: the next owner starts exactly
			// here
			Map<TopicPartition, OffsetAndMetadata> commits = this.offsets.positions(partitions);
			if (!commits.isEmpty()) {
				try {
					consumer.commitSync(commits);
				}
				catch (RebalanceInProgressException | CommitFailedException ex) {
					// the group moved on while we waited: the next owner starts from the
					// last commit
					logger.warn("Could not commit the handed-back partitions (" + ex.getMessage()
							+ "); jobs finished since the last commit may run again");
				}
			}
		}
		if (!pending.isEmpty()) {
			logger.warn(pending.size() + " records still had jobs running at the end of the " + grace
					+ " grace period; they will be redelivered to the partitions' next owner");
		}
		this.offsets.forget(partitions);
		partitions.forEach(this.unsettled::remove);
	}

	private void awaitSettled(Set<TakenRecord> pending, Duration grace) {
		long deadline = System.nanoTime() + grace.toNanos();
		while (!pending.isEmpty() && System.nanoTime() < deadline) {
			try {
				TakenRecord done = this.finished.poll(10, TimeUnit.MILLISECONDS);
				if (done != null) {
					markFinished(done);
					pending.remove(done);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
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
			if (!partitions.isEmpty()) {
				handBack(this.consumer, partitions, JobConsumer.this.properties.rebalanceGrace(), true);
			}
		}

		/**
		 * Already owned by another member: nothing can be committed, but unstarted jobs
		 * need not run here.
		 */
		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			handBack(this.consumer, partitions, Duration.ZERO, false);
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (JobConsumer.this.paused) {
				this.consumer.pause(partitions);
			}
		}

	}

}
