package dev.kolejka.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.kolejka.deploy.Objects.at;
import static dev.kolejka.deploy.Objects.kind;
import static dev.kolejka.deploy.Objects.list;
import static dev.kolejka.deploy.Objects.map;
import static dev.kolejka.deploy.Objects.name;
import static dev.kolejka.deploy.Objects.selects;
import static dev.kolejka.deploy.Objects.text;

/**
 * What no schema sees in a rendered overlay: names and labels that must agree across
 * objects. Kustomize's {@code namePrefix}/{@code nameSuffix} rename a Kafka and a
 * Deployment but not a {@code strimzi.io/cluster} label, a {@code scaleTargetRef}, or a
 * bootstrap address inside a string, so each of those is checked against what the render
 * really holds.
 */
final class CrossReferences {

	private final List<Map<String, Object>> objects;

	private final Set<String> externalSecrets;

	private final List<String> problems = new ArrayList<>();

	private CrossReferences(List<Map<String, Object>> objects, Set<String> externalSecrets) {
		this.objects = objects;
		this.externalSecrets = externalSecrets;
	}

	/**
	 * @param externalSecrets Secrets that are created out of band and so not rendered
	 */
	static List<String> problems(List<Map<String, Object>> objects, Set<String> externalSecrets) {
		var check = new CrossReferences(objects, externalSecrets);
		check.deployments();
		check.services();
		check.serviceMonitors();
		check.strimziClusterLabels();
		check.scalers();
		return check.problems;
	}

	private List<Map<String, Object>> all(String kind) {
		return this.objects.stream().filter((object) -> kind(object).equals(kind)).toList();
	}

	private Set<String> names(String kind) {
		return all(kind).stream().map(Objects::name).collect(Collectors.toSet());
	}

	private void problem(Map<String, Object> object, String message) {
		this.problems.add(kind(object) + " " + name(object) + ": " + message);
	}

	private void deployments() {
		for (var deployment : all("Deployment")) {
			if (!selects(map(deployment, "spec", "selector", "matchLabels"),
					map(deployment, "spec", "template", "metadata", "labels"))) {
				problem(deployment, "selector does not match its pod template's labels");
			}
			for (Object container : list(deployment, "spec", "template", "spec", "containers")) {
				containerReferences(deployment, container);
			}
			volumeSecrets(deployment);
		}
		for (var budget : all("PodDisruptionBudget")) {
			if (podsSelectedBy(map(budget, "spec", "selector", "matchLabels")).isEmpty()) {
				problem(budget, "selects no Deployment's pods");
			}
		}
	}

	private void containerReferences(Map<String, Object> deployment, Object container) {
		Set<String> ports = list(container, "ports").stream()
			.map((port) -> text(port, "name"))
			.collect(Collectors.toSet());
		for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
			Object port = at(container, probe, "httpGet", "port");
			if (port instanceof String named && !ports.contains(named)) {
				problem(deployment, probe + " uses port " + named + ", not a port of the container");
			}
		}
		for (Object env : list(container, "env")) {
			String secret = text(env, "valueFrom", "secretKeyRef", "name");
			if (!secret.isEmpty()) {
				secretExists(deployment, secret);
			}
			if (text(env, "name").equals("SPRING_KAFKA_BOOTSTRAP_SERVERS")) {
				bootstrapAddress(deployment, text(env, "value"));
			}
			if (text(env, "name").equals("KOLEJKA_WORKER_SHUTDOWN_GRACE")) {
				long grace = Duration.parse("PT" + text(env, "value").toUpperCase()).toSeconds();
				Object period = at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds");
				if (!(period instanceof Number seconds) || seconds.longValue() <= grace) {
					problem(deployment, "terminationGracePeriodSeconds must exceed the worker's shutdown grace");
				}
			}
		}
	}

	private void volumeSecrets(Map<String, Object> deployment) {
		for (Object volume : list(deployment, "spec", "template", "spec", "volumes")) {
			String secret = text(volume, "secret", "secretName");
			if (!secret.isEmpty()) {
				secretExists(deployment, secret);
			}
		}
	}

	private void secretExists(Map<String, Object> user, String secret) {
		Set<String> known = names("Secret");
		// Strimzi writes the cluster CA and every KafkaUser's credentials
		names("Kafka").forEach((kafka) -> known.add(kafka + "-cluster-ca-cert"));
		known.addAll(names("KafkaUser"));
		known.addAll(this.externalSecrets);
		if (!known.contains(secret)) {
			problem(user, "refers to Secret " + secret + ", which neither the render nor Strimzi provides");
		}
	}

	private List<Map<String, Object>> podsSelectedBy(Map<String, Object> selector) {
		return all("Deployment").stream()
			.filter((deployment) -> selects(selector, map(deployment, "spec", "template", "metadata", "labels")))
			.toList();
	}

	private void services() {
		for (var service : all("Service")) {
			var pods = podsSelectedBy(map(service, "spec", "selector"));
			if (pods.isEmpty()) {
				problem(service, "selects no Deployment's pods");
				continue;
			}
			Set<String> containerPorts = pods.stream()
				.flatMap((pod) -> list(pod, "spec", "template", "spec", "containers").stream())
				.flatMap((container) -> list(container, "ports").stream())
				.map((port) -> text(port, "name"))
				.collect(Collectors.toSet());
			for (Object port : list(service, "spec", "ports")) {
				if (at(port, "targetPort") instanceof String target && !containerPorts.contains(target)) {
					problem(service, "targetPort " + target + " is no named port of its pods");
				}
			}
		}
	}

	private void serviceMonitors() {
		for (var monitor : all("ServiceMonitor")) {
			var services = all("Service").stream()
				.filter((service) -> selects(map(monitor, "spec", "selector", "matchLabels"),
						map(service, "metadata", "labels")))
				.toList();
			if (services.isEmpty()) {
				problem(monitor, "selects no Service");
			}
			Set<String> ports = services.stream()
				.flatMap((service) -> list(service, "spec", "ports").stream())
				.map((port) -> text(port, "name"))
				.collect(Collectors.toSet());
			for (Object endpoint : list(monitor, "spec", "endpoints")) {
				if (!ports.contains(text(endpoint, "port"))) {
					problem(monitor,
							"endpoint port " + text(endpoint, "port") + " is no port of the Services it selects");
				}
			}
		}
	}

	private void strimziClusterLabels() {
		Set<String> clusters = names("Kafka");
		for (String kind : List.of("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
			for (var object : all(kind)) {
				String cluster = text(object, "metadata", "labels", "strimzi.io/cluster");
				if (!clusters.contains(cluster)) {
					problem(object,
							"label strimzi.io/cluster=" + cluster + " names no Kafka of the render " + clusters);
				}
			}
		}
	}

	/**
	 * {@code host:port} must be a Kafka's bootstrap Service (short or namespaced) and
	 * listener.
	 */
	private void bootstrapAddress(Map<String, Object> user, String address) {
		boolean found = false;
		for (var kafka : all("Kafka")) {
			String service = name(kafka) + "-kafka-bootstrap";
			String namespace = text(kafka, "metadata", "namespace");
			for (Object listener : list(kafka, "spec", "kafka", "listeners")) {
				String port = ":" + text(listener, "port");
				found |= address.equals(service + port) || address.equals(service + "." + namespace + ".svc" + port)
						|| address.equals(service + "." + namespace + ".svc.cluster.local" + port);
			}
		}
		if (!found) {
			problem(user, "bootstrap address " + address + " is no listener of a Kafka in the render");
		}
	}

	private void scalers() {
		for (var scaler : all("ScaledObject")) {
			scaleTarget(scaler, text(scaler, "spec", "scaleTargetRef", "name"));
			for (Object trigger : list(scaler, "spec", "triggers")) {
				if (!text(trigger, "type").equals("kafka")) {
					problem(scaler, "trigger type " + text(trigger, "type") + " is not KEDA's standard kafka scaler");
				}
				var metadata = map(trigger, "metadata");
				var unknown = metadata.keySet().stream().filter((key) -> !KedaModels.KAFKA_TRIGGER_KEYS.contains(key));
				unknown.forEach((key) -> problem(scaler, "kafka trigger has no metadata " + key));
				bootstrapAddress(scaler, text(metadata, "bootstrapServers"));
				String auth = text(trigger, "authenticationRef", "name");
				if (!auth.isEmpty() && !names("TriggerAuthentication").contains(auth)) {
					problem(scaler, "authenticationRef " + auth + " names no TriggerAuthentication");
				}
				partitionBound(scaler, text(metadata, "topic"), at(scaler, "spec", "maxReplicaCount"));
			}
		}
		for (var hpa : all("HorizontalPodAutoscaler")) {
			scaleTarget(hpa, text(hpa, "spec", "scaleTargetRef", "name"));
			partitionBound(hpa, "kolejka.jobs", at(hpa, "spec", "maxReplicas"));
		}
		for (var auth : all("TriggerAuthentication")) {
			for (Object target : list(auth, "spec", "secretTargetRef")) {
				secretExists(auth, text(target, "name"));
			}
		}
	}

	private void scaleTarget(Map<String, Object> scaler, String target) {
		if (!names("Deployment").contains(target)) {
			problem(scaler, "scaleTargetRef " + target + " names no Deployment of the render");
		}
	}

	private void partitionBound(Map<String, Object> scaler, String topic, Object max) {
		var partitions = all("KafkaTopic").stream()
			.filter((kafkaTopic) -> text(kafkaTopic, "spec", "topicName").equals(topic))
			.map((kafkaTopic) -> at(kafkaTopic, "spec", "partitions"))
			.findFirst();
		if (partitions.isEmpty()) {
			problem(scaler, "scales on topic " + topic + ", which no KafkaTopic declares");
		}
		else if (!(max instanceof Number most) || !(partitions.get() instanceof Number count)
				|| most.intValue() > count.intValue()) {
			problem(scaler, "may start " + max + " workers, more than the " + partitions.get() + " partitions of "
					+ topic + " (the extra ones would idle)");
		}
	}

}
