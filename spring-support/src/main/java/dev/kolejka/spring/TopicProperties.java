package dev.kolejka.spring;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The topics this installation uses; the same keys as the API's, so one setting serves
 * both.
 *
 * @param prefix the prefix of every topic name
 * @param partitions partitions of {@code jobs} and {@code job-events}
 * @param replicas replication factor
 * @param eventRetention how long {@code job-events} keeps history
 */
@Validated
@ConfigurationProperties("kolejka.topics")
public record TopicProperties(@DefaultValue("kolejka.") @NotNull String prefix,
		@DefaultValue("12") @Positive int partitions, @DefaultValue("1") @Positive short replicas,
		@DefaultValue("7d") Duration eventRetention) {
}
