package dev.kolejka.worker.consumer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets a worker join its group with Kafka 4's consumer rebalance protocol (KIP-848) by
 * setting only {@code group.protocol=consumer}. Under that protocol the broker assigns
 * the partitions and owns the session and heartbeat timing (its {@code group.consumer.*}
 * settings), and the client refuses to start with the classic protocol's settings, which
 * the worker's defaults carry for the classic protocol. They are dropped here, for every
 * consumer the factory makes.
 *
 * <p>
 * The broker's default assignor there ({@code uniform}) balances the count of partitions
 * over both topics a worker reads, not each topic: in the rebalance drill it gave one of
 * two workers all twelve {@code jobs} partitions and the other all twelve
 * {@code jobs.retry} ones, so one of them ran nothing. {@code range} gives every member
 * its share of each topic, so it is asked for unless an assignor is set.
 */
@Configuration(proxyBeanMethods = false)
class GroupProtocolConfiguration {

	static final List<String> CLASSIC_ONLY = List.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
			ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);

	@Bean
	DefaultKafkaConsumerFactoryCustomizer consumerProtocolDropsClassicSettings() {
		return (factory) -> {
			Object protocol = factory.getConfigurationProperties().get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
			if (protocol != null
					&& GroupProtocol.CONSUMER.name().equals(protocol.toString().trim().toUpperCase(Locale.ROOT))) {
				CLASSIC_ONLY.forEach(factory::removeConfig);
				if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG)) {
					factory.updateConfigs(Map.of(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range"));
				}
			}
		};
	}

}
