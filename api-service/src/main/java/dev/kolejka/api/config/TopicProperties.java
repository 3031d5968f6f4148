package dev.kolejka.api.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The topics this installation uses and how they are created at start-up.
 *
 * @param prefix the prefix of every topic name
 * @param partitions partitions of {@code jobs} and {@code job-events}; they bound how
 * many workers share the load
 * @param replicas replication factor (1 locally, 3 in production)
 * @param eventRetention how long {@code job-events} keeps the history the status view is
 * rebuilt from
 */
@Validated
@ConfigurationProperties("kolejka.topics")
public record TopicProperties(@DefaultValue("kolejka.") @NotNull String prefix,
		@DefaultValue("12") @Positive int partitions, @DefaultValue("1") @Positive short replicas,
		@DefaultValue("7d") Duration eventRetention) {
}
