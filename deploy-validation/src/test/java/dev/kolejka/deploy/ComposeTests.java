package dev.kolejka.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static dev.kolejka.deploy.Objects.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as Debian's docker-compose 1.29 reads it (no engine needed): valid
 * with and without the three-broker profile, workers scalable, everything started in
 * order.
 */
class ComposeTests {

	private final Tool compose = Tool.dockerCompose();

	@Test
	void composeFileIsValidWithOneBrokerAndWithTheClusterProfile() {
		assertThat(this.compose.run(Tool.REPO, "-f", "docker-compose.yml", "config", "-q"))
			.satisfies((result) -> assertThat(result.exitCode()).as(result.toString()).isZero());
		assertThat(this.compose.run(Tool.REPO, "-f", "docker-compose.yml", "--profile", "cluster", "config", "-q"))
			.satisfies((result) -> assertThat(result.exitCode()).as(result.toString()).isZero());
	}

	@Test
	@SuppressWarnings("unchecked")
	void workersScaleAndEveryServiceWaitsForWhatItNeeds() {
		var result = this.compose.run(Tool.REPO, "-f", "docker-compose.yml", "config");
		assertThat(result.exitCode()).as(result.toString()).isZero();
		Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(result.output()))
			.get("services");

		Map<String, Object> worker = (Map<String, Object>) services.get("worker");
		assertThat(worker).doesNotContainKeys("container_name", "ports").containsKey("healthcheck");
		assertThat(map(worker, "environment")).as("from the env file").containsKey("KOLEJKA_API_KEY");
		assertThat(worker.get("stop_grace_period")).as("above the worker's 30 s shutdown grace").isEqualTo("40s");
		assertThat(dependency(services, "worker", "topics")).isEqualTo("service_completed_successfully");
		assertThat(dependency(services, "api", "topics")).isEqualTo("service_completed_successfully");
		assertThat(dependency(services, "topics", "kafka")).isEqualTo("service_healthy");
		assertThat(dependency(services, "prometheus", "api")).isEqualTo("service_healthy");
		assertThat(map(services.get("api"), "environment")).as("from the env file").containsKey("KOLEJKA_API_KEY");
		assertThat(((Map<String, Object>) services.get("grafana")).get("volumes").toString())
			.contains("deploy/grafana/provisioning", "deploy/grafana/dashboards");
	}

	@Test
	void aMisspelledKeyIsRejected(@TempDir Path dir) throws IOException {
		String broken = Files.readString(Tool.REPO.resolve("docker-compose.yml"))
			.replaceFirst("healthcheck:", "healtcheck:");
		Files.writeString(dir.resolve("docker-compose.yml"), broken);

		var result = this.compose.run(dir, "-f", "docker-compose.yml", "config", "-q");

		assertThat(result.exitCode()).as(result.toString()).isNotZero();
		assertThat(result.output()).contains("healtcheck");
	}

	@SuppressWarnings("unchecked")
	private static Object dependency(Map<String, Object> services, String service, String on) {
		var dependsOn = (Map<String, Map<String, Object>>) ((Map<String, Object>) services.get(service))
			.get("depends_on");
		return dependsOn.get(on).get("condition");
	}

}
