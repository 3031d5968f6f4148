package dev.kolejka.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw Kafka on a bare broker of its own: the broker's own {@code ProducerPerformance} and
 * {@code ConsumerPerformance} as separate JVMs, and the end-to-end loop of Kafka's
 * {@code EndToEndLatency} kept in microseconds (the tool truncates every sample to whole
 * milliseconds).
 */
final class KafkaPeer {

	private static final Pattern PRODUCED = Pattern.compile("records sent, ([0-9.]+) records/sec");

	private final String bootstrap;

	private final Commands commands;

	private final String java;

	private final String classpath;

	KafkaPeer(String bootstrap, Commands commands, String java, Path repo) {
		this.bootstrap = bootstrap;
		this.commands = commands;
		this.java = java;
		// the launcher's broker jars, then the perf tools gathered by this module
		this.classpath = repo.resolve("kafka-broker/target/lib") + "/*:" + repo.resolve("bench-suite/target/lib")
				+ "/*";
	}

	String newTopic() {
		String topic = "bench-raw-" + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.bootstrap))) {
			admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot create topic " + topic + ": " + ex, ex);
		}
		return topic;
	}

	/** records/s of ProducerPerformance, 100-byte records, unthrottled. */
	double produce(String topic, int records, String acks, int lingerMs) {
		String out = this.commands.run("producer-perf", Duration.ofMinutes(5),
				List.of(this.java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp", this.classpath,
						"org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records",
						String.valueOf(records), "--record-size", "100", "--throughput", "-1", "--command-property",
						"bootstrap.servers=" + this.bootstrap, "acks=" + acks, "linger.ms=" + lingerMs));
		List<String> rates = PRODUCED.matcher(out).results().map((r) -> r.group(1)).toList();
		if (rates.isEmpty()) {
			throw new IllegalStateException("no summary in ProducerPerformance's output: " + Commands.tail(out));
		}
		return Double.parseDouble(rates.getLast());
	}

	/** records/s of ConsumerPerformance after the group join (its fetch.nMsg.sec). */
	double consume(String topic, int records) {
		String out = this.commands.run("consumer-perf", Duration.ofMinutes(5),
				List.of(this.java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp", this.classpath,
						"org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", this.bootstrap, "--topic",
						topic, "--num-records", String.valueOf(records), "--group", "bench-" + UUID.randomUUID(),
						"--timeout", "60000"));
		for (String line : out.lines().toList().reversed()) {
			String[] fields = line.split(",");
			if (fields.length >= 10 && fields[0].matches("\\s*\\d{4}-.*")) {
				return Double.parseDouble(fields[9].strip());
			}
		}
		throw new IllegalStateException("no summary in ConsumerPerformance's output: " + Commands.tail(out));
	}

	/**
	 * One record at a time, producer send().get() then the consumer polls it: ms each.
	 */
	List<Double> endToEnd(String topic, int records, int warmUp) {
		Properties producerProps = new Properties();
		producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
		producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		Properties consumerProps = new Properties();
		consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 0);
		consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		List<Double> millis = new ArrayList<>();
		byte[] payload = new byte[100];
		try (var producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
				var consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
						new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToEnd(partitions);
			partitions.forEach(consumer::position);
			for (int i = 0; i < records + warmUp; i++) {
				long start = System.nanoTime();
				producer.send(new ProducerRecord<>(topic, payload)).get();
				int received = 0;
				while (received == 0) {
					if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
						throw new IllegalStateException("a record did not come back within 30 s");
					}
					received = consumer.poll(Duration.ofMillis(100)).count();
				}
				if (i >= warmUp) {
					millis.add((System.nanoTime() - start) / 1e6);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("send failed: " + ex.getCause(), ex);
		}
		return millis;
	}

}
