package dev.kolejka.api.job;

import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.testing.TestKeys;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points an API test context at the fixture's broker, with topics and a status-view state
 * dir of its own.
 */
final class ApiOnBroker {

	private ApiOnBroker() {
	}

	static void register(DynamicPropertyRegistry registry, Class<?> testClass) {
		String prefix = KafkaFixture.uniquePrefix(testClass);
		registry.add("spring.kafka.bootstrap-servers", KafkaFixture::bootstrapServers);
		registry.add("kolejka.topics.prefix", () -> prefix);
		registry.add("spring.kafka.streams.application-id", () -> prefix + "api");
		registry.add("spring.kafka.streams.state-dir", () -> "target/streams/" + prefix);
		registerKeys(registry);
	}

	/** Registers the {@link TestKeys} as a deployment registers its keys. */
	static void registerKeys(DynamicPropertyRegistry registry) {
		for (String property : TestKeys.properties()) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
	}

}
