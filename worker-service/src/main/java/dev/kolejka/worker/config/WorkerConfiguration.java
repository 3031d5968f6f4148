package dev.kolejka.worker.config;

import java.util.Random;

import dev.kolejka.task.TaskSettings;
import dev.kolejka.worker.execution.RetryPolicy;
import dev.kolejka.worker.pool.Pools;
import dev.kolejka.worker.pool.cpu.CpuPool;
import dev.kolejka.worker.pool.io.IoPool;
import dev.kolejka.worker.pool.process.ChildProcessPool;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's own beans; what it shares with the API comes from
 * {@code dev.kolejka.spring}.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	RetryPolicy retryPolicy() {
		return new RetryPolicy(new Random());
	}

	/**
	 * A stopping worker waits at most this long for Kafka to take what its producer still
	 * holds (Spring's default is 30 s; Kafka's own is unbounded): with the broker gone
	 * nothing will, and records whose events or retries were not acknowledged stay
	 * uncommitted, so their jobs run again on the partition's next owner.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer boundedProducerClose() {
		return (factory) -> factory.setPhysicalCloseTimeout(5);
	}

	@Bean(destroyMethod = "close")
	Pools pools(WorkerProperties properties, @Value("${kolejka.tasks.chaos.enabled:false}") boolean chaosEnabled) {
		WorkerProperties.Pools pools = properties.pools();
		ChildProcessPool children = pools.process().enabled()
				? new ChildProcessPool(pools.process(), new TaskSettings(chaosEnabled)) : null;
		return new Pools(new CpuPool(pools.cpuThreads()), new IoPool(pools.ioPermits()), children);
	}

}
