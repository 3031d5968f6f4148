package dev.kolejka.system.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.kolejka.system.launcher.LauncherCommands.Result;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./kolejka up --secure}: the broker takes only SASL/SCRAM clients and enforces
 * ACLs. A job submitted through the API succeeds (the API and the workers authenticate
 * and their ACLs suffice); a client without credentials, or with a wrong password, is
 * refused; the worker's principal may not write {@code jobs}. All on loopback; one
 * {@code up}, one {@code down}.
 */
class SecureLauncherIT {

	private static final Path HOME = LauncherCommands.MODULE_DIR.resolve("target/secure-launcher-home");

	private static final Path SECRETS = HOME.resolve("kafka/secrets");

	private static final LauncherCommands LAUNCHER = new LauncherCommands(HOME,
			LauncherCommands.MODULE_DIR.resolve("target/secure-launcher-it"));

	private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(5);

	private static String bootstrap = "";

	@BeforeAll
	static void prepare() throws IOException {
		LAUNCHER.prepare();
		bootstrap = "127.0.0.1:" + LAUNCHER.port("KOLEJKA_KAFKA_PORT");
		// processes left behind by an aborted earlier run are found through their pid
		// files
		LAUNCHER.kolejka(Duration.ofSeconds(120), "down");
		LauncherCommands.deleteRecursively(HOME);
	}

	@AfterAll
	static void down() {
		Result down = LAUNCHER.kolejka(Duration.ofSeconds(120), "down");
		assertThat(down.exitCode()).as(down::describe).isZero();
	}

	@Test
	void servicesAuthenticateAndOnlyTheirAclsLetThemIn() throws Exception {
		Result up = LAUNCHER.kolejka(Duration.ofSeconds(300), "up", "--secure");
		assertThat(up.exitCode()).as(up::describe).isZero();
		assertThat(up.output()).as(up::describe).contains("SASL/SCRAM + ACLs");
		String apiKey = Files.readString(HOME.resolve("api-key")).strip();

		String id = LAUNCHER.submitWordLengths(apiKey);
		await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).untilAsserted(() -> {
			JsonNode job = LAUNCHER.job(apiKey, id);
			assertThat(job.get("state").asString()).as(job::toString).isEqualTo("SUCCEEDED");
		});

		for (String principal : new String[] { "kolejka-admin", "kolejka-api", "kolejka-worker" }) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SECRETS.resolve(principal))))
				.as("%s's password file", principal)
				.isEqualTo("rw-------");
		}
		// credentials reach the services through their environment, never their command
		// line (which ps shows to everyone)
		String workerPassword = Files.readString(SECRETS.resolve("kolejka-worker")).strip();
		LAUNCHER.recordedPids()
			.forEach((name, pid) -> assertThat(ProcessHandle.of(pid).flatMap((p) -> p.info().commandLine()))
				.as("%s's command line", name)
				.hasValueSatisfying((line) -> assertThat(line).doesNotContain(workerPassword)));

		try (Admin anonymous = Admin.create(clientConfig(Map.of()))) {
			assertThatThrownBy(() -> anonymous.listTopics().names().get(30, TimeUnit.SECONDS))
				.as("a client without credentials gets no metadata")
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(TimeoutException.class);
		}
		try (Admin wrongPassword = Admin.create(clientConfig(scram("kolejka-api", "not-the-password")))) {
			assertThatThrownBy(() -> wrongPassword.listTopics().names().get(30, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(SaslAuthenticationException.class);
		}
		Properties worker = clientConfig(scram("kolejka-worker", workerPassword));
		worker.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL_TIMEOUT.toMillis() * 2);
		try (var producer = new KafkaProducer<>(worker, new StringSerializer(), new StringSerializer())) {
			assertThatThrownBy(
					() -> producer.send(new ProducerRecord<>("kolejka.jobs", "k", "forged")).get(30, TimeUnit.SECONDS))
				.as("a worker may read jobs, not write them")
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(TopicAuthorizationException.class);
		}

		Result down = LAUNCHER.kolejka(Duration.ofSeconds(120), "down");
		assertThat(down.exitCode()).as(down::describe).isZero();
		assertThat(LAUNCHER.recordedPids()).as("pid files after down").isEmpty();
	}

	private static Map<String, String> scram(String user, String password) {
		return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
				"sasl.jaas.config",
				"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
					.formatted(user, password));
	}

	private static Properties clientConfig(Map<String, String> security) {
		var config = new Properties();
		config.putAll(security);
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REFUSAL_TIMEOUT.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL_TIMEOUT.toMillis());
		config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
		return config;
	}

}
