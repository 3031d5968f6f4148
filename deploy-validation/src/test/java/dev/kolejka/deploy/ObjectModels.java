package dev.kolejka.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.util.ModelMapper;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Each rendered object against the real model of its {@code apiVersion} and {@code kind}:
 * Kubernetes' own types through the official Java client's models (which refuse unknown
 * fields and missing required ones), Strimzi's {@code kafka.strimzi.io/v1} through
 * Strimzi's API jar, ServiceMonitor through fabric8's Prometheus Operator model, and KEDA
 * through {@link KedaModels}. An object of a type none of them knows, or of an apiVersion
 * they no longer serve, is a problem too.
 */
final class ObjectModels {

	private static final Map<String, Class<?>> CUSTOM = Map.of("kafka.strimzi.io/v1/Kafka", Kafka.class,
			"kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class, "kafka.strimzi.io/v1/KafkaTopic",
			KafkaTopic.class, "kafka.strimzi.io/v1/KafkaUser", KafkaUser.class,
			"monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class, "keda.sh/v1alpha1/ScaledObject",
			KedaModels.ScaledObject.class, "keda.sh/v1alpha1/TriggerAuthentication",
			KedaModels.TriggerAuthentication.class);

	private ObjectModels() {
	}

	/** What is wrong with {@code object}, nothing when its model accepts it. */
	static List<String> problems(Map<String, Object> object) {
		String apiVersion = String.valueOf(object.get("apiVersion"));
		String kind = String.valueOf(object.get("kind"));
		Class<?> custom = CUSTOM.get(apiVersion + "/" + kind);
		if (custom != null) {
			return StrictBinding.problems(object, custom);
		}
		if (apiVersion.contains(".") && !apiVersion.endsWith(".k8s.io/" + apiVersion.replaceAll(".*/", ""))) {
			return List.of("no model for " + apiVersion + " " + kind
					+ " (a custom resource this check does not know, or an apiVersion its operator no longer serves)");
		}
		Class<?> type = ModelMapper.getApiTypeClass(apiVersion, kind);
		if (type == null) {
			return List.of("Kubernetes has no " + kind + " in " + apiVersion);
		}
		try {
			JSON.getGson().fromJson(JSON.getGson().toJsonTree(object), type);
			return List.of();
		}
		catch (RuntimeException ex) {
			return List.of(String.valueOf(ex.getMessage()).lines().findFirst().orElse(ex.toString()));
		}
	}

}
