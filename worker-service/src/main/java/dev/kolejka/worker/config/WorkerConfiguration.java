package dev.kolejka.worker.config;

import java.util.Random;

import dev.kolejka.worker.execution.RetryPolicy;
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

}
