package dev.kolejka.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * KEDA's {@code keda.sh/v1alpha1} ScaledObject and TriggerAuthentication, written from
 * the fields of KEDA 2.x's CRDs: KEDA publishes no Java model. Required fields are marked
 * as the CRDs mark them.
 */
final class KedaModels {

	/**
	 * Metadata keys of the standard {@code kafka} scaler (KEDA's docs, scaler "Apache
	 * Kafka").
	 */
	static final Set<String> KAFKA_TRIGGER_KEYS = Set.of("bootstrapServers", "bootstrapServersFromEnv", "consumerGroup",
			"consumerGroupFromEnv", "topic", "topicFromEnv", "lagThreshold", "activationLagThreshold",
			"offsetResetPolicy", "allowIdleConsumers", "excludePersistentLag", "scaleToZeroOnInvalidOffset",
			"limitToPartitionsWithLag", "partitionLimitation", "sasl", "tls", "version",
			"ensureEvenDistributionOfPartitions", "unsafeSsl");

	private KedaModels() {
	}

	record Metadata(@JsonProperty(required = true) String name, @Nullable String namespace,
			@Nullable Map<String, String> labels, @Nullable Map<String, String> annotations) {
	}

	record ScaledObject(@JsonProperty(required = true) String apiVersion, @JsonProperty(required = true) String kind,
			@JsonProperty(required = true) Metadata metadata, @JsonProperty(required = true) ScaledObjectSpec spec) {
	}

	record ScaledObjectSpec(@JsonProperty(required = true) ScaleTarget scaleTargetRef,
			@Nullable Integer pollingInterval, @Nullable Integer cooldownPeriod,
			@Nullable Integer initialCooldownPeriod, @Nullable Integer idleReplicaCount,
			@Nullable Integer minReplicaCount, @Nullable Integer maxReplicaCount,
			@Nullable Map<String, Object> fallback, @Nullable Map<String, Object> advanced,
			@JsonProperty(required = true) List<Trigger> triggers) {
	}

	record ScaleTarget(@JsonProperty(required = true) String name, @Nullable String apiVersion, @Nullable String kind,
			@Nullable String envSourceContainerName) {
	}

	record Trigger(@JsonProperty(required = true) String type, @Nullable String name,
			@Nullable Boolean useCachedMetrics, @Nullable String metricType,
			@JsonProperty(required = true) Map<String, String> metadata,
			@Nullable AuthenticationRef authenticationRef) {
	}

	record AuthenticationRef(@JsonProperty(required = true) String name, @Nullable String kind) {
	}

	record TriggerAuthentication(@JsonProperty(required = true) String apiVersion,
			@JsonProperty(required = true) String kind, @JsonProperty(required = true) Metadata metadata,
			@JsonProperty(required = true) TriggerAuthenticationSpec spec) {
	}

	record TriggerAuthenticationSpec(@Nullable List<SecretTarget> secretTargetRef, @Nullable List<EnvTarget> env,
			@Nullable List<SecretTarget> configMapTargetRef, @Nullable Map<String, Object> podIdentity) {
	}

	record SecretTarget(@JsonProperty(required = true) String parameter, @JsonProperty(required = true) String name,
			@JsonProperty(required = true) String key) {
	}

	record EnvTarget(@JsonProperty(required = true) String parameter, @JsonProperty(required = true) String name,
			@Nullable String containerName) {
	}

}
