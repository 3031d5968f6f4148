package dev.kolejka.worker.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param throughputWindow the sliding window of {@code kolejka_throughput_per_core}, in
 * whole seconds
 * @param heartbeatInterval how often the worker publishes its heartbeat to the workers
 * view
 */
@ConfigurationProperties("kolejka.worker.metrics")
public record MetricsProperties(@DefaultValue("10s") Duration throughputWindow,
		@DefaultValue("1s") Duration heartbeatInterval) {
}
