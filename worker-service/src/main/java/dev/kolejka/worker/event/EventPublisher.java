package dev.kolejka.worker.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.JobEvent;
import dev.kolejka.topic.Topics;
import dev.kolejka.worker.config.WorkerProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes job events with as few records as the load allows: one thread drains whatever
 * has queued up since its last send and writes one {@code job-events} record per
 * partition, so under load hundreds of events share a record and at low load an event
 * goes out alone, at once.
 *
 * <p>
 * Every event of a job goes to the partition its id hashes to (as the API's own events
 * do), so one job's events stay in order. A {@code Running} event waits for the next send
 * of any other event, or for {@code kolejka.worker.running-event-delay} when none comes,
 * and is dropped if its job's next event comes first: that one carries the start time too
 * (SPEC 5: a job that finishes quickly may skip its separate {@code RUNNING} event). A
 * job that ends before then costs one event, not two.
 */
@Component
public class EventPublisher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(EventPublisher.class);

	private static final int MAX_EVENTS_PER_RECORD = 500;

	private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** How long stopping waits for Kafka to acknowledge the events still in flight. */
	static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

	private final LinkedBlockingQueue<PendingEvent> queue = new LinkedBlockingQueue<>();

	private final KafkaTemplate<String, byte[]> kafka;

	private final TaskCodec codec;

	private final String topic;

	private volatile boolean running;

	private volatile @Nullable Thread sender;

	private final Duration runningDelay;

	private volatile int partitions;

	@Autowired
	EventPublisher(KafkaTemplate<String, byte[]> kafka, TaskCodec codec, Topics topics, WorkerProperties properties) {
		this(kafka, codec, topics, properties.runningEventDelay());
	}

	EventPublisher(KafkaTemplate<String, byte[]> kafka, TaskCodec codec, Topics topics, Duration runningDelay) {
		this.kafka = kafka;
		this.codec = codec;
		this.topic = topics.jobEvents();
		this.runningDelay = runningDelay;
	}

	/** Queues the event; {@code onAcknowledged} runs once Kafka has it (acks=all). */
	public void publish(JobEvent event, @Nullable Runnable onAcknowledged) {
		this.queue.add(new PendingEvent(event, onAcknowledged));
	}

	@Override
	public void start() {
		this.partitions = this.kafka.partitionsFor(this.topic).size();
		// running must be true before the thread starts: the loop ends as soon as it sees
		// it false
		this.running = true;
		this.sender = Thread.ofPlatform().name("kolejka-events").daemon().start(this::sendLoop);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.sender;
		if (thread != null) {
			// no interrupt: a send interrupted after it went out would be queued and sent
			// again
			try {
				thread.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// bounded: with the broker gone a flush waits out every send's delivery timeout
		// (and a worker that will not exit gets SIGKILL). Events still unacknowledged
		// leave their records uncommitted, so the next owner runs those jobs again.
		Thread flush = Thread.ofVirtual().name("kolejka-events-flush").start(this.kafka::flush);
		try {
			if (!flush.join(FLUSH_TIMEOUT)) {
				logger.warn("Kafka did not acknowledge the last job events within " + FLUSH_TIMEOUT
						+ "; their records stay uncommitted and are redelivered");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the consumer, so events of jobs that finish during shutdown still go
	 * out.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	private void sendLoop() {
		var drained = new ArrayList<PendingEvent>();
		var held = new RunningEvents(this.runningDelay);
		while (this.running || !this.queue.isEmpty() || !held.isEmpty()) {
			try {
				PendingEvent first = this.queue.poll(held.nanosUntilDue(IDLE_POLL_NANOS), TimeUnit.NANOSECONDS);
				if (first != null) {
					drained.add(first);
					this.queue.drainTo(drained, 10 * MAX_EVENTS_PER_RECORD);
				}
				send(held.toSend(drained, !this.running));
			}
			catch (InterruptedException ex) {
				if (this.queue.isEmpty()) {
					send(held.toSend(List.of(), true));
					return;
				}
			}
			catch (RuntimeException ex) {
				// never reached in practice (sendRecord handles what one record can do);
				// the loop must outlive it, or no event of this worker goes out again
				logger.error("Unexpected failure publishing " + drained.size() + " job events", ex);
			}
			finally {
				drained.clear();
			}
		}
	}

	private void send(List<PendingEvent> events) {
		Map<Integer, List<PendingEvent>> byPartition = new LinkedHashMap<>();
		for (PendingEvent pending : events) {
			byPartition.computeIfAbsent(partitionOf(pending.event()), (p) -> new ArrayList<>()).add(pending);
		}
		byPartition.forEach((partition, inPartition) -> {
			for (int from = 0; from < inPartition.size(); from += MAX_EVENTS_PER_RECORD) {
				sendRecord(partition,
						inPartition.subList(from, Math.min(inPartition.size(), from + MAX_EVENTS_PER_RECORD)));
			}
		});
	}

	private void sendRecord(int partition, List<PendingEvent> events) {
		byte[] value;
		try {
			value = this.codec.encode(EventEnvelope.of(events.stream().map(PendingEvent::event).toList()));
		}
		catch (RuntimeException ex) {
			if (events.size() > 1) {
				// one event spoils the record: send the halves, so only that one is dealt
				// with alone
				int half = events.size() / 2;
				sendRecord(partition, events.subList(0, half));
				sendRecord(partition, events.subList(half, events.size()));
			}
			else {
				sendAlone(partition, events.getFirst(), ex);
			}
			return;
		}
		List<PendingEvent> batch = List.copyOf(events);
		String key = batch.getFirst().event().id().toString();
		CompletableFuture<?> sent;
		try {
			sent = this.kafka.send(new ProducerRecord<>(this.topic, partition, key, value));
		}
		catch (RuntimeException ex) {
			// this record never reached the producer: only its events go round again
			logger.warn("Could not hand " + batch.size() + " job events to the producer; queueing them again", ex);
			this.queue.addAll(batch);
			return;
		}
		sent.whenComplete((result, failure) -> {
			if (failure != null) {
				logger.warn("Publishing " + batch.size() + " job events failed; queueing them again", failure);
				this.queue.addAll(batch);
				return;
			}
			for (PendingEvent pending : batch) {
				if (pending.onAcknowledged() != null) {
					pending.onAcknowledged().run();
				}
			}
		});
	}

	/**
	 * An event that does not encode (a huge error message or too many counters) is
	 * replaced by the smallest event that still settles its job honestly, so that its
	 * record, and every record of the jobs drained with it, settles.
	 */
	private void sendAlone(int partition, PendingEvent pending, RuntimeException failure) {
		JobEvent smaller = EventShrinker.shrink(pending.event(), failure);
		if (smaller == null || smaller.equals(pending.event())) {
			logger.error("Dropping a job event that cannot be encoded: " + pending.event().id(), failure);
			if (pending.onAcknowledged() != null) {
				pending.onAcknowledged().run();
			}
			return;
		}
		logger.warn("Job " + pending.event().id() + ": its event did not encode (" + failure.getMessage()
				+ "); publishing a smaller one");
		sendRecord(partition, List.of(new PendingEvent(smaller, pending.onAcknowledged())));
	}

	/**
	 * The partition the default partitioner picks for the job id as key: where the API
	 * put the job's first event.
	 */
	private int partitionOf(JobEvent event) {
		byte[] key = event.id().toString().getBytes(StandardCharsets.UTF_8);
		return Utils.toPositive(Utils.murmur2(key)) % this.partitions;
	}

}
