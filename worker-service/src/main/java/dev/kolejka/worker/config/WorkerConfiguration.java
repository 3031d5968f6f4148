package dev.kolejka.worker.config;

import java.util.Random;

import dev.kolejka.task.TaskSettings;
import dev.kolejka.worker.execution.RetryPolicy;
import dev.kolejka.worker.pool.Pools;
import dev.kolejka.worker.pool.cpu.CpuPool;
import dev.kolejka.worker.pool.io.IoPool;
import dev.kolejka.worker.pool.process.ChildProcessPool;
import org.springframework.beans.factory.annotation.Value;
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

	@Bean(destroyMethod = "close")
	Pools pools(WorkerProperties properties, @Value("${kolejka.tasks.chaos.enabled:false}") boolean chaosEnabled) {
		WorkerProperties.Pools pools = properties.pools();
		ChildProcessPool children = pools.process().enabled()
				? new ChildProcessPool(pools.process(), new TaskSettings(chaosEnabled)) : null;
		return new Pools(new CpuPool(pools.cpuThreads()), new IoPool(pools.ioPermits()), children);
	}

}
