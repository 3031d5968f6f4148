package dev.kolejka.worker.consumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * UP while the poll loop runs; DOWN once it has failed, so that a worker that still
 * heartbeats but takes no jobs is visible on {@code /actuator/health}.
 */
@Component
class JobConsumerHealthIndicator implements HealthIndicator {

	private final JobConsumer consumer;

	JobConsumerHealthIndicator(JobConsumer consumer) {
		this.consumer = consumer;
	}

	@Override
	public Health health() {
		JobConsumer.State state = this.consumer.state();
		Health.Builder health = (state == JobConsumer.State.FAILED) ? Health.down() : Health.up();
		return health.withDetail("state", state).withDetail("inFlight", this.consumer.inFlight()).build();
	}

}
