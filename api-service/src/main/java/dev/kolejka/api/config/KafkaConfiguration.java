package dev.kolejka.api.config;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.topic.Topics;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics, the task registry and the codec, shared by every feature of the API. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	Topics topics(TopicProperties properties) {
		return new Topics(properties.prefix());
	}

	@Bean
	TaskRegistry taskRegistry(@Value("${kolejka.tasks.chaos.enabled:false}") boolean chaosEnabled) {
		return TaskRegistry.load(new TaskSettings(chaosEnabled));
	}

	@Bean
	TaskCodec taskCodec(TaskRegistry registry) {
		return new ForyTaskCodec(registry, Topics.MAX_RECORD_BYTES);
	}

	@Bean
	KafkaAdmin.NewTopics kolejkaTopics(Topics topics, TopicProperties properties) {
		return new KafkaAdmin.NewTopics(topic(topics.jobs(), properties).build(),
				topic(topics.jobEvents(), properties)
					.config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(properties.eventRetention().toMillis()))
					.build(),
				topic(topics.retries(), properties).build(),
				TopicBuilder.name(topics.control()).partitions(1).replicas(properties.replicas()).build(),
				topic(topics.deadLetter(), properties).build(), topic(topics.workers(), properties).compact().build());
	}

	private static TopicBuilder topic(String name, TopicProperties properties) {
		return TopicBuilder.name(name).partitions(properties.partitions()).replicas(properties.replicas());
	}

}
