package dev.kolejka.worker.consumer;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class GroupProtocolConfigurationTests {

	@Test
	void aWorkerSetToTheConsumerProtocolStartsWithTheClassicSettingsOfItsDefaultsAndRangeAssignment() {
		var factory = factory("consumer");
		assertThatException().as("Kafka's own check, without the customizer").isThrownBy(factory::createConsumer);

		new GroupProtocolConfiguration().consumerProtocolDropsClassicSettings().customize(factory);

		try (var consumer = factory.createConsumer()) {
			assertThat(factory.getConfigurationProperties()).doesNotContainKeys(
					ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
					ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
			assertThat(factory.getConfigurationProperties()).containsEntry(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG,
					"range");
			assertThat(consumer.groupMetadata().groupId()).isEqualTo("kolejka-workers");
		}
	}

	@Test
	void anAssignorChosenForTheConsumerProtocolIsKept() {
		var factory = factory("CONSUMER");
		factory.updateConfigs(Map.of(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "uniform"));

		new GroupProtocolConfiguration().consumerProtocolDropsClassicSettings().customize(factory);

		assertThat(factory.getConfigurationProperties()).containsEntry(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG,
				"uniform");
	}

	@Test
	void theClassicProtocolKeepsItsSettings() {
		var factory = factory("classic");

		new GroupProtocolConfiguration().consumerProtocolDropsClassicSettings().customize(factory);

		assertThat(factory.getConfigurationProperties())
			.containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000")
			.containsKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
		factory.createConsumer().close();
	}

	/** What kolejka-worker.yml gives the factory, and the protocol. */
	private static DefaultKafkaConsumerFactory<String, byte[]> factory(String protocol) {
		Map<String, Object> configs = new HashMap<>();
		// nothing listens here: a consumer connects only when it first polls
		configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
		configs.put(ConsumerConfig.GROUP_ID_CONFIG, "kolejka-workers");
		configs.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
		configs.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
		configs.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		configs.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
		return new DefaultKafkaConsumerFactory<>(configs, new StringDeserializer(), new ByteArrayDeserializer());
	}

}
