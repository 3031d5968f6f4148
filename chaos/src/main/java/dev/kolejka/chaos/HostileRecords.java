package dev.kolejka.chaos;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.kolejka.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * Records no API would write, straight onto the topics the workers read: random bytes, an
 * empty value and a null value (a tombstone). The engine must settle each and go on.
 * Sends are fire-and-forget with short timeouts: the broker may be down.
 */
final class HostileRecords implements AutoCloseable {

	private final KafkaProducer<byte[], byte[]> producer;

	private final List<String> topics;

	private final Ledger ledger;

	private final RandomGenerator random;

	HostileRecords(String bootstrapServers, String topicPrefix, Ledger ledger, RandomGenerator random) {
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.MAX_BLOCK_MS_CONFIG,
						2000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
						ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, ProducerConfig.LINGER_MS_CONFIG, 0,
						ProducerConfig.CLIENT_ID_CONFIG, "kolejka-chaos-hostile"),
				new ByteArraySerializer(), new ByteArraySerializer());
		var names = new Topics(topicPrefix);
		this.topics = List.of(names.jobs(), names.retries());
		this.ledger = ledger;
		this.random = random;
	}

	/** One hostile record on a random topic; counted once the broker acknowledged it. */
	void send() {
		String topic = this.topics.get(this.random.nextInt(this.topics.size()));
		byte[] key = ("hostile-" + this.random.nextInt(1000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
		@Nullable byte[] value = switch (this.random.nextInt(3)) {
			case 0 -> null;
			case 1 -> new byte[0];
			default -> garbage();
		};
		try {
			this.producer.send(new ProducerRecord<>(topic, key, value), (metadata, failure) -> {
				if (failure == null) {
					this.ledger.hostileRecords.incrementAndGet();
				}
			});
		}
		catch (RuntimeException ex) {
			// the broker is down: no record, no count
		}
	}

	private byte[] garbage() {
		byte[] bytes = new byte[1 + this.random.nextInt(512)];
		this.random.nextBytes(bytes);
		return bytes;
	}

	@Override
	public void close() {
		this.producer.close(java.time.Duration.ofSeconds(5));
	}

}
