package dev.kolejka.worker.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import dev.kolejka.codec.TaskCodec;
import dev.kolejka.topic.Topics;
import dev.kolejka.worker.config.WorkerProperties;
import dev.kolejka.worker.execution.AttemptRunner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The worker's poll loop. Records are handed to the {@link Dispatcher} without waiting
 * for earlier ones; offsets are committed per partition up to the lowest unsettled
 * record; {@link Backpressure} pauses the consumer instead of buffering; on a rebalance
 * or at SIGTERM the {@link Handoff} gives partitions back.
 *
 * <p>
 * One thread ({@code kolejka-consumer}) owns the Kafka consumer and the
 * {@link RecordLedger}. If it ever ends on an unexpected error, the worker says so: its
 * liveness and readiness go DOWN, so an orchestrator restarts it rather than keep a
 * worker that heartbeats and does nothing.
 */
@Component
public class JobConsumer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JobConsumer.class);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * How long a drain takes part in a rebalance to get its last commit through: with the
	 * default 30 s grace, within the 40 s the launcher and compose give SIGTERM.
	 */
	static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(8);

	/** The poll loop's life. */
	public enum State {

		NEW, RUNNING, DRAINING, STOPPED, FAILED

	}

	private final ConsumerFactory<String, byte[]> consumers;

	private final Topics topics;

	private final WorkerProperties properties;

	private final ApplicationEventPublisher publisher;

	private final RecordLedger ledger = new RecordLedger();

	private final InFlightJobs inFlight = new InFlightJobs();

	private final Dispatcher dispatcher;

	private final Handoff handoff;

	private final Backpressure backpressure;

	private final long commitEvery;

	/** When the poll thread last committed, by {@link System#nanoTime()}. */
	private long lastCommit;

	private volatile State state = State.NEW;

	private volatile @Nullable Thread thread;

	JobConsumer(ConsumerFactory<String, byte[]> consumers, TaskCodec codec, AttemptRunner runner,
			DeadLetters deadLetters, Topics topics, WorkerProperties properties, Clock clock,
			ApplicationEventPublisher publisher) {
		this.consumers = consumers;
		this.topics = topics;
		this.properties = properties;
		this.publisher = publisher;
		this.commitEvery = properties.pollTimeout().toNanos();
		this.lastCommit = System.nanoTime() - this.commitEvery;
		this.dispatcher = new Dispatcher(codec, runner, deadLetters, this.ledger, this.inFlight, clock);
		this.handoff = new Handoff(this.ledger, this.inFlight);
		this.backpressure = new Backpressure(properties.maxInFlight(), this.inFlight::count,
				this.ledger::unsettledJobs);
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
		if (this.state == State.RUNNING) {
			this.state = State.DRAINING;
		}
		Thread current = this.thread;
		if (current != null) {
			try {
				current.join(this.properties.shutdownGrace().plus(REJOIN_TIMEOUT).plusSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.dispatcher.close();
		if (this.state != State.FAILED) {
			this.state = State.STOPPED;
		}
	}

	@Override
	public boolean isRunning() {
		return this.state == State.RUNNING || this.state == State.DRAINING;
	}

	public State state() {
		return this.state;
	}

	public int inFlight() {
		return this.inFlight.count();
	}

	private void pollLoop() {
		Consumer<String, byte[]> consumer = this.consumers.createConsumer(Topics.WORKER_GROUP, null);
		try {
			consumer.subscribe(List.of(this.topics.jobs(), this.topics.retries()), new Rebalance(consumer));
			while (this.state == State.RUNNING) {
				try {
					settle(consumer);
					this.backpressure.takeAll(consumer, consumer.poll(this.properties.pollTimeout()),
							this.dispatcher::take);
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
		catch (RuntimeException | Error ex) {
			fail(ex);
		}
		finally {
			// leave the group promptly: the default close waits up to 30 s for pending
			// coordinator requests
			consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)
				.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
		}
	}

	private void fail(Throwable ex) {
		this.state = State.FAILED;
		logger.error("The job consumer stopped on an unexpected error; this worker reports itself broken", ex);
		AvailabilityChangeEvent.publish(this.publisher, this, LivenessState.BROKEN);
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
	}

	/**
	 * Applies settled records, commits what advanced (at most once per poll timeout:
	 * single jobs trickling in made a commit of nearly every poll, a fifth of the
	 * broker's requests per job), and pauses or resumes.
	 */
	private void settle(Consumer<String, byte[]> consumer) {
		this.ledger.applyFinished();
		long now = System.nanoTime();
		Map<TopicPartition, OffsetAndMetadata> commits = (now - this.lastCommit >= this.commitEvery)
				? this.ledger.committable() : Map.of();
		if (!commits.isEmpty()) {
			this.lastCommit = now;
			consumer.commitAsync(commits, (committed, failure) -> {
				if (failure != null) {
					// runs on this thread, inside poll: offer these partitions again
					this.ledger.commitFailed(commits.keySet());
					logger.debug("Offset commit failed, will retry: " + failure.getMessage());
				}
			});
		}
		this.backpressure.adjust(consumer);
	}

	/**
	 * SIGTERM: hand every partition back as a rebalance would, within the grace; if the
	 * group was rebalancing then, finish the rebalance to get the commit through.
	 */
	private void drain(Consumer<String, byte[]> consumer) {
		consumer.pause(consumer.assignment());
		this.handoff.handBack(consumer, consumer.assignment(), this.properties.shutdownGrace(), true);
		this.handoff.commitRefused(consumer, REJOIN_TIMEOUT);
	}

	private final class Rebalance implements ConsumerRebalanceListener {

		private final Consumer<String, byte[]> consumer;

		Rebalance(Consumer<String, byte[]> consumer) {
			this.consumer = consumer;
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				JobConsumer.this.handoff.handBack(this.consumer, partitions,
						JobConsumer.this.properties.rebalanceGrace(), true);
			}
		}

		private void inherit(Collection<TopicPartition> partitions) {
			try {
				JobConsumer.this.ledger.inherit(this.consumer.committed(new HashSet<>(partitions), COMMITTED_TIMEOUT));
			}
			catch (KafkaException ex) {
				// without the map, records the last owner finished above its commit run
				// again: at-least-once, as before the map existed
				logger.warn("Could not read the committed offsets of " + partitions + ": " + ex.getMessage());
			}
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			JobConsumer.this.handoff.handBack(this.consumer, partitions, Duration.ZERO, false);
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty() && JobConsumer.this.state == State.RUNNING) {
				inherit(partitions);
			}
			JobConsumer.this.backpressure.assigned(this.consumer, partitions);
		}

	}

}
