package dev.kolejka.worker.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.kolejka.topic.Topics;
import dev.kolejka.worker.execution.WorkerIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes this worker's {@link Heartbeat} to the compacted {@code workers} topic on a
 * fixed interval, and a tombstone when the worker stops, so that the workers view drops
 * it at once instead of waiting for it to go silent. Fire and forget: a lost heartbeat is
 * replaced by the next one.
 */
@Component
class HeartbeatPublisher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HeartbeatPublisher.class);

	/** How long stopping waits to take this worker out of the workers view. */
	private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(5);

	private final KafkaTemplate<String, byte[]> kafka;

	private final Topics topics;

	private final WorkerIdentity worker;

	private final WorkerLoad load;

	private final JsonMapper json;

	private final Clock clock;

	private final MetricsProperties properties;

	private final String host = host();

	private final Instant startedAt;

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-heartbeat").daemon().factory());

	private volatile boolean running;

	HeartbeatPublisher(KafkaTemplate<String, byte[]> kafka, Topics topics, WorkerIdentity worker, WorkerLoad load,
			JsonMapper json, Clock clock, MetricsProperties properties) {
		this.kafka = kafka;
		this.topics = topics;
		this.worker = worker;
		this.load = load;
		this.json = json;
		this.clock = clock;
		this.properties = properties;
		this.startedAt = clock.instant();
	}

	Heartbeat heartbeat() {
		var pools = new LinkedHashMap<String, Heartbeat.PoolLoad>();
		this.load.pools()
			.forEach((pool, executor) -> pools.put(pool.id(), new Heartbeat.PoolLoad(executor.size(), executor.active(),
					executor.queued(), this.load.completed(pool), this.load.throughputPerCore(pool))));
		return new Heartbeat(this.worker.id(), this.host, this.worker.pid(), this.load.cores(), pools,
				this.load.throughputPerCore(), this.load.cpuUtilization(), this.startedAt, this.clock.instant());
	}

	private void beat() {
		try {
			this.kafka.send(this.topics.workers(), this.worker.id(), this.json.writeValueAsBytes(heartbeat()));
		}
		catch (RuntimeException ex) {
			logger.debug("Heartbeat not sent: " + ex.getMessage());
		}
	}

	@Override
	public void start() {
		long every = this.properties.heartbeatInterval().toMillis();
		this.scheduler.scheduleAtFixedRate(this::beat, 0, every, TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.scheduler.shutdownNow();
		// on a thread of its own and bounded: with the broker gone, send() alone blocks
		// for max.block.ms (60 s) waiting for metadata, and the goodbye is only a
		// courtesy
		Thread goodbye = Thread.ofVirtual().name("kolejka-heartbeat-goodbye").start(() -> {
			try {
				this.kafka.send(this.topics.workers(), this.worker.id(), null)
					.get(GOODBYE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				logger.warn("Could not remove this worker from the workers view; it will show as gone: " + ex);
			}
		});
		try {
			if (!goodbye.join(GOODBYE_TIMEOUT)) {
				logger.warn("Could not remove this worker from the workers view within " + GOODBYE_TIMEOUT
						+ "; it will show as gone");
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
	 * A lower phase than the job consumer's: it starts before and stops after it, so the
	 * worker keeps showing while it drains at SIGTERM; the tombstone goes out through the
	 * producer, which is closed only after every lifecycle has stopped.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
