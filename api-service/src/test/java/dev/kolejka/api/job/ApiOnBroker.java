package dev.kolejka.api.job;

import dev.kolejka.testing.KafkaFixture;
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
	}

}
