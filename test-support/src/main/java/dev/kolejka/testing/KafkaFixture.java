package dev.kolejka.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker for the whole test JVM: Testcontainers' {@link KafkaContainer}
 * where a Docker engine runs, an in-process KRaft broker (spring-kafka-test) where none
 * does. Registering the extension publishes the broker's address as
 * {@code spring.kafka.bootstrap-servers}, so a {@code @SpringBootTest} that comes after
 * it needs nothing else. Test classes keep out of each other's way with
 * {@link #uniquePrefix(Class)} topic prefixes, never by restarting the broker.
 */
public final class KafkaFixture implements BeforeAllCallback {

	public static final String BOOTSTRAP_PROPERTY = "spring.kafka.bootstrap-servers";

	private static final String KAFKA_IMAGE = "apache/kafka:4.2.0";

	private static volatile String bootstrapServers;

	@Override
	public void beforeAll(ExtensionContext context) {
		System.setProperty(BOOTSTRAP_PROPERTY, bootstrapServers());
	}

	/** The broker's address, starting it on first use. */
	public static String bootstrapServers() {
		String servers = bootstrapServers;
		if (servers == null) {
			synchronized (KafkaFixture.class) {
				servers = bootstrapServers;
				if (servers == null) {
					servers = dockerRuns() ? startContainer() : startInProcess();
					bootstrapServers = servers;
				}
			}
		}
		return servers;
	}

	/** A topic prefix of this class's own, e.g. {@code it-jobflowit-1a2b3c4d.}. */
	public static String uniquePrefix(Class<?> testClass) {
		return "it-" + testClass.getSimpleName().toLowerCase(Locale.ROOT) + "-"
				+ UUID.randomUUID().toString().substring(0, 8) + ".";
	}

	private static boolean dockerRuns() {
		boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
		return socket && DockerClientFactory.instance().isDockerAvailable();
	}

	@SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' Ryuk reaps
									// it
	private static String startContainer() {
		var container = new KafkaContainer(KAFKA_IMAGE);
		container.start();
		return container.getBootstrapServers();
	}

	private static String startInProcess() {
		var broker = new EmbeddedKafkaKraftBroker(1, 12);
		broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0", "auto.create.topics.enable", "true"));
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "kafka-fixture-shutdown"));
		return broker.getBrokersAsString();
	}

}
