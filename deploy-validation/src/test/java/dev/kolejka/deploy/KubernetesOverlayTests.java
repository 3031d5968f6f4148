package dev.kolejka.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.kolejka.deploy.Objects.at;
import static dev.kolejka.deploy.Objects.kind;
import static dev.kolejka.deploy.Objects.name;
import static dev.kolejka.deploy.Objects.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay under {@code k8s/overlays} renders with {@code kubectl kustomize}, each
 * object is accepted by the real model of its type, and the objects agree with each
 * other.
 */
class KubernetesOverlayTests {

	private static final Path OVERLAYS = Tool.REPO.resolve("k8s/overlays");

	/**
	 * Production's API keys are created with kubectl, never committed (docs/deploy.md).
	 */
	private static final Set<String> EXTERNAL_SECRETS = Set.of("kolejka-api-keys");

	@Test
	void everyOverlayIsCovered() throws IOException {
		try (var overlays = Files.list(OVERLAYS)) {
			assertThat(overlays.map((dir) -> dir.getFileName().toString())).containsExactlyInAnyOrder("local",
					"production", "hpa");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "production", "hpa" })
	void everyObjectIsValidForItsModel(String overlay) {
		var objects = Kustomize.render(OVERLAYS.resolve(overlay));

		assertThat(objects).hasSizeGreaterThan(15)
			.allSatisfy((object) -> assertThat(ObjectModels.problems(object))
				.as("%s %s in overlay %s", kind(object), name(object), overlay)
				.isEmpty());
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "production", "hpa" })
	void objectsReferToEachOtherCorrectly(String overlay) {
		var objects = Kustomize.render(OVERLAYS.resolve(overlay));

		assertThat(CrossReferences.problems(objects, overlay.equals("local") ? Set.of() : EXTERNAL_SECRETS)).isEmpty();
		assertThat(objects).extracting(Objects::kind)
			.contains("Kafka", "KafkaNodePool", "KafkaTopic", "Deployment", "Service", "PodDisruptionBudget",
					"ServiceMonitor", "ConfigMap")
			.contains(overlay.equals("hpa") ? "HorizontalPodAutoscaler" : "ScaledObject")
			.doesNotContain(overlay.equals("hpa") ? "ScaledObject" : "HorizontalPodAutoscaler");
		assertThat(objects).filteredOn((object) -> !kind(object).equals("Namespace"))
			.allSatisfy((object) -> assertThat(text(object, "metadata", "namespace")).isEqualTo("kolejka"));
	}

	@Test
	void productionRunsThreeBrokersWithTwoInSyncReplicasOverTls() {
		var objects = Kustomize.render(OVERLAYS.resolve("production"));

		assertThat(one(objects, "KafkaNodePool")).extracting((pool) -> at(pool, "spec", "replicas")).isEqualTo(3);
		assertThat(at(one(objects, "Kafka"), "spec", "kafka", "config", "min.insync.replicas")).isEqualTo(2);
		assertThat(objects).filteredOn((object) -> kind(object).equals("KafkaTopic"))
			.allSatisfy((topic) -> assertThat(at(topic, "spec", "replicas")).isEqualTo(3));
		assertThat(at(one(objects, "Kafka"), "spec", "kafka", "listeners").toString()).contains("tls=true",
				"scram-sha-512");
	}

	@Test
	void theGrafanaConfigMapHoldsTheShippedDashboard() throws IOException {
		var objects = Kustomize.render(OVERLAYS.resolve("local"));

		assertThat(objects).filteredOn((object) -> kind(object).equals("ConfigMap"))
			.singleElement()
			.satisfies((map) -> assertThat(text(map, "metadata", "labels", "grafana_dashboard")).isEqualTo("1"))
			.satisfies((map) -> assertThat(text(map, "data", "kolejka.json"))
				.isEqualTo(Files.readString(Tool.REPO.resolve("deploy/grafana/dashboards/kolejka.json"))));
	}

	@Test
	void aNamePrefixBreaksReferencesAndTheCheckSaysWhere() throws IOException {
		// Kustomize accepts only relative paths to other kustomizations
		Path dir = Files.createDirectories(Path.of("target", "name-prefix-overlay")).toAbsolutePath();
		Files.writeString(dir.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				namePrefix: blue-
				resources:
				  - %s
				""".formatted(dir.relativize(OVERLAYS.resolve("local"))));

		var problems = CrossReferences.problems(Kustomize.render(dir), Set.of());

		assertThat(problems).anyMatch((problem) -> problem.contains("strimzi.io/cluster=kolejka names no Kafka"))
			.anyMatch((problem) -> problem.contains("bootstrap address kolejka-kafka-bootstrap"));
	}

	@Test
	void aMisspelledFieldOrAMissingRequiredOneIsRejected() {
		var objects = Kustomize.render(OVERLAYS.resolve("local"));
		Map<String, Object> pool = one(objects, "KafkaNodePool");
		Map<String, Object> deployment = one(objects, "Deployment");

		assertThat(ObjectModels.problems(withChange(pool, "spec", "replicas", null))).singleElement()
			.asString()
			.contains("replicas");
		assertThat(ObjectModels.problems(withChange(pool, "spec", "replica", 1))).singleElement()
			.asString()
			.contains("replica");
		assertThat(ObjectModels.problems(withChange(deployment, "spec", "replica", 1))).singleElement()
			.asString()
			.contains("replica");
		assertThat(ObjectModels.problems(Map.of("apiVersion", "kafka.strimzi.io/v1beta2", "kind", "Kafka")))
			.singleElement()
			.asString()
			.contains("no model");
	}

	private static Map<String, Object> one(List<Map<String, Object>> objects, String kind) {
		return objects.stream().filter((object) -> kind(object).equals(kind)).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> withChange(Map<String, Object> object, String section, String key,
			Object value) {
		var copy = new java.util.LinkedHashMap<>(object);
		var inner = new java.util.LinkedHashMap<>((Map<String, Object>) object.get(section));
		if (value == null) {
			inner.remove(key);
		}
		else {
			inner.put(key, value);
		}
		copy.put(section, inner);
		return copy;
	}

}
