package dev.kolejka.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.kolejka.api.ApiApplication;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.testing.TestKeys;
import dev.kolejka.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The API and workers as real Spring Boot applications in this JVM, on the fixture's
 * broker, with topics of their own. Closing it stops them all.
 */
final class Stack implements AutoCloseable {

	private static final String WORKER_HAS_NO_SECURITY = String.join(",",
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration");

	private final String prefix;

	private final Path stateDir;

	private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

	private ConfigurableApplicationContext api;

	private final List<String> extraArgs;

	/**
	 * @param properties extra {@code name=value} settings for the API and every worker
	 */
	Stack(Class<?> testClass, String... properties) {
		this.prefix = KafkaFixture.uniquePrefix(testClass);
		this.stateDir = Path.of("target", "streams", this.prefix);
		this.extraArgs = java.util.Arrays.stream(properties).map((property) -> "--" + property).toList();
	}

	Stack start(int workerCount) {
		startApi();
		for (int i = 1; i <= workerCount; i++) {
			startWorker("worker-" + i);
		}
		return this;
	}

	void startApi() {
		var apiArgs = new ArrayList<>(List.of("--" + ApiApplication.CONFIG_NAME, "--server.port=0",
				"--management.server.port=0", common("kolejka.topics.prefix=" + this.prefix),
				"--spring.kafka.bootstrap-servers=" + KafkaFixture.bootstrapServers(),
				"--spring.kafka.streams.application-id=" + this.prefix + "api",
				"--spring.kafka.streams.state-dir=" + this.stateDir.toAbsolutePath()));
		TestKeys.properties().forEach((property) -> apiArgs.add(common(property)));
		this.api = new SpringApplicationBuilder(ApiApplication.class).run(args(apiArgs.toArray(String[]::new)));
	}

	private String[] args(String... args) {
		var all = new ArrayList<>(List.of(args));
		all.addAll(this.extraArgs);
		return all.toArray(String[]::new);
	}

	void restartApi() {
		this.api.close();
		startApi();
	}

	ConfigurableApplicationContext startWorker(String id) {
		var worker = new SpringApplicationBuilder(WorkerApplication.class)
			.run(args("--" + WorkerApplication.CONFIG_NAME, "--server.port=0", "--management.server.port=0",
					common("kolejka.topics.prefix=" + this.prefix),
					"--spring.kafka.bootstrap-servers=" + KafkaFixture.bootstrapServers(), "--kolejka.worker.id=" + id,
					// the API's Spring Security shares this test class path; a worker
					// never has it
					"--spring.autoconfigure.exclude=" + WORKER_HAS_NO_SECURITY,
					// one child JVM is enough here: ProcessPoolIT drills the process pool
					"--kolejka.worker.pools.process.processes=1"));
		this.workers.add(worker);
		return worker;
	}

	ApiClient client() {
		return new ApiClient(Integer.parseInt(this.api.getEnvironment().getRequiredProperty("local.server.port")));
	}

	/** Where an application started here serves {@code /actuator/prometheus}. */
	static ApiClient management(ConfigurableApplicationContext application) {
		return new ApiClient(
				Integer.parseInt(application.getEnvironment().getRequiredProperty("local.management.port")));
	}

	ConfigurableApplicationContext api() {
		return this.api;
	}

	String prefix() {
		return this.prefix;
	}

	private static String common(String property) {
		return "--" + property;
	}

	@Override
	public void close() {
		this.workers.forEach(ConfigurableApplicationContext::close);
		if (this.api != null) {
			this.api.close();
		}
	}

}
