package dev.kolejka.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;

import dev.kolejka.api.ApiApplication;
import dev.kolejka.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With no broker to acknowledge it, a job is refused with 503 and Retry-After, never
 * reported accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ApiApplication.class,
		properties = { ApiApplication.CONFIG_NAME, "management.server.port=0",
				"spring.kafka.streams.auto-startup=false", "spring.kafka.admin.auto-create=false",
				"spring.kafka.producer.properties.max.block.ms=1000", "kolejka.api.send-timeout=2s",
				"kolejka.api.retry-after=7s" })
class KafkaUnavailableIT {

	@DynamicPropertySource
	static void deadBroker(DynamicPropertyRegistry registry) throws IOException {
		int port;
		try (var socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		int closed = port;
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closed);
		registry.add("spring.kafka.streams.state-dir", () -> "target/streams/unavailable");
		ApiOnBroker.registerKeys(registry);
	}

	@Value("${local.server.port}")
	private int port;

	@Test
	void submitWithoutABrokerIs503WithRetryAfter() {
		var response = new ApiClient(this.port).post("/api/v1/jobs", "{\"task\":\"noop\",\"args\":{}}");

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.retryAfter()).hasValue("7");
		assertThat(response.json().get("type").asString()).isEqualTo("https://kolejka.dev/problems/kafka-unavailable");
	}

}
