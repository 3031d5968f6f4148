package dev.kolejka.spring;

import java.time.Clock;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskValidation;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.topic.Topics;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What the API and the workers share: topic names from one prefix, the topics created at
 * start-up (by whichever service starts first; creating an existing topic is a no-op),
 * the task registry, the codec driven by it, and the clock.
 */
@AutoConfiguration
@EnableConfigurationProperties(TopicProperties.class)
public class KolejkaAutoConfiguration {

	@Bean
	Topics topics(TopicProperties properties) {
		return new Topics(properties.prefix());
	}

	@Bean
	TaskRegistry taskRegistry(@Value("${kolejka.tasks.chaos.enabled:false}") boolean chaosEnabled) {
		return TaskRegistry.load(new TaskSettings(chaosEnabled));
	}

	/**
	 * Re-validates every decoded task (workers trust nothing on Kafka); the app's Bean
	 * Validation if it has one.
	 */
	@Bean
	TaskValidation taskValidation(TaskRegistry registry, ObjectProvider<jakarta.validation.Validator> validator) {
		jakarta.validation.Validator available = validator.getIfAvailable();
		return (available != null) ? new TaskValidation(registry, available) : TaskValidation.of(registry);
	}

	@Bean
	TaskCodec taskCodec(TaskRegistry registry) {
		return new ForyTaskCodec(registry, Topics.MAX_RECORD_BYTES);
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	KafkaAdmin.NewTopics kolejkaTopics(Topics topics, TopicProperties properties) {
		return new KafkaAdmin.NewTopics(topic(topics.jobs(), properties).build(),
				topic(topics.jobEvents(), properties)
					.config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(properties.eventRetention().toMillis()))
					.build(),
				topic(topics.retries(), properties).build(),
				// a cancel must outlive the job's wait in a backlog: kept as long as the
				// job's events, and compacted so that only one record per job remains
				TopicBuilder.name(topics.control())
					.partitions(1)
					.replicas(properties.replicas())
					.config(TopicConfig.CLEANUP_POLICY_CONFIG,
							TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE)
					.config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(properties.eventRetention().toMillis()))
					.build(),
				topic(topics.deadLetter(), properties).build(), topic(topics.workers(), properties).compact().build());
	}

	private static TopicBuilder topic(String name, TopicProperties properties) {
		return TopicBuilder.name(name).partitions(properties.partitions()).replicas(properties.replicas());
	}

}
