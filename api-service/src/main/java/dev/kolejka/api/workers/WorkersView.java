package dev.kolejka.api.workers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import dev.kolejka.topic.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The latest heartbeat of every worker, read from the compacted {@code workers} topic by
 * a consumer of its own (no group: every API replica reads every partition, from the
 * beginning). The topic holds one record per worker, so the view is small and lives in
 * memory; a tombstone (a worker that stopped cleanly) removes its worker at once, and a
 * worker that went silent is shown as gone, then dropped.
 */
@Component
public class WorkersView implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WorkersView.class);

	private final ConsumerFactory<?, ?> consumers;

	private final Topics topics;

	private final WorkersProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final Map<String, Seen> workers = new ConcurrentHashMap<>();

	private volatile boolean running;

	private volatile Consumer<String, byte[]> consumer;

	WorkersView(ConsumerFactory<?, ?> consumers, Topics topics, WorkersProperties properties, JsonMapper json,
			Clock clock) {
		this.consumers = consumers;
		this.topics = topics;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	/** Every worker heard from within {@code dropAfter}, with its state, by id. */
	public List<ObjectNode> workers() {
		Instant now = this.clock.instant();
		this.workers.values().removeIf((seen) -> silentFor(seen, now).compareTo(this.properties.dropAfter()) > 0);
		return this.workers.values()
			.stream()
			.sorted(Comparator.comparing(Seen::id))
			.map((seen) -> describe(seen, now))
			.toList();
	}

	private ObjectNode describe(Seen seen, Instant now) {
		ObjectNode worker = seen.heartbeat().deepCopy();
		worker.put("lastHeartbeat", seen.at().toString());
		worker.put("state", silentFor(seen, now).compareTo(this.properties.goneAfter()) > 0 ? "gone" : "up");
		return worker;
	}

	private static Duration silentFor(Seen seen, Instant now) {
		return Duration.between(seen.at(), now);
	}

	@SuppressWarnings("unchecked")
	@Override
	public void start() {
		var overrides = new Properties();
		overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		Consumer<String, byte[]> reader = (Consumer<String, byte[]>) this.consumers.createConsumer(null, null,
				"-workers-view", overrides);
		this.consumer = reader;
		this.running = true;
		// never at start-up: the API must come up (and answer 503s) while the broker is
		// down
		Thread.ofPlatform().name("kolejka-workers-view").daemon().start(() -> readLoop(reader));
	}

	private void readLoop(Consumer<String, byte[]> reader) {
		try (reader) {
			while (this.running && !assignAll(reader)) {
				// the topic's metadata is not there yet: ask again
			}
			while (this.running) {
				for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(500))) {
					apply(record);
				}
			}
		}
		catch (WakeupException ex) {
			// stopping
		}
		catch (RuntimeException ex) {
			logger.error("The workers view stopped reading heartbeats", ex);
		}
	}

	private boolean assignAll(Consumer<String, byte[]> reader) {
		try {
			List<TopicPartition> partitions = reader.partitionsFor(this.topics.workers(), Duration.ofSeconds(5))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			if (partitions.isEmpty()) {
				return false;
			}
			reader.assign(partitions);
			reader.seekToBeginning(partitions);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		if (record.key() == null) {
			return;
		}
		if (record.value() == null) {
			this.workers.remove(record.key());
			return;
		}
		try {
			JsonNode heartbeat = this.json.readTree(record.value());
			if (heartbeat instanceof ObjectNode object) {
				this.workers.put(record.key(),
						new Seen(record.key(), object, Instant.ofEpochMilli(record.timestamp())));
			}
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring an unreadable heartbeat of worker " + record.key() + ": " + ex.getOriginalMessage());
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Consumer<String, byte[]> reader = this.consumer;
		if (reader != null) {
			reader.wakeup();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Seen(String id, ObjectNode heartbeat, Instant at) {
	}

}
