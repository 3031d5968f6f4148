package dev.kolejka.api;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The API service: accepts jobs over REST, puts them on Kafka, and answers for their
 * status.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiApplication {

	/**
	 * The config file's name: kolejka-api.yml, so the API and a worker can share one
	 * class path (as in system tests).
	 */
	public static final String CONFIG_NAME = "spring.config.name=kolejka-api";

	public static void main(String[] args) {
		var application = new SpringApplication(ApiApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", "kolejka-api"));
		application.run(args);
	}

}
