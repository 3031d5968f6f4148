package dev.kolejka.worker;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A worker: consumes jobs from Kafka, runs them on its pools, and publishes what happened
 * to them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

	/**
	 * The config file's name: kolejka-worker.yml, so the API and a worker can share one
	 * class path (as in system tests).
	 */
	public static final String CONFIG_NAME = "spring.config.name=kolejka-worker";

	public static void main(String[] args) {
		var application = new SpringApplication(WorkerApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", "kolejka-worker"));
		application.run(args);
	}

}
