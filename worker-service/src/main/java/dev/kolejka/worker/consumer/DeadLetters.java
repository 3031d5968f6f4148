package dev.kolejka.worker.consumer;

import java.nio.charset.StandardCharsets;

import dev.kolejka.codec.CodecException;
import dev.kolejka.topic.DeadLetterHeaders;
import dev.kolejka.topic.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves a record the worker refused to the dead-letter topic, bytes untouched, with the
 * reason in its headers. The record counts as finished (its offset may be committed) only
 * once the dead letter is acknowledged: nothing is lost.
 */
@Component
class DeadLetters {

	private static final Log logger = LogFactory.getLog(DeadLetters.class);

	private final KafkaTemplate<String, byte[]> kafka;

	private final String topic;

	DeadLetters(KafkaTemplate<String, byte[]> kafka, Topics topics) {
		this.kafka = kafka;
		this.topic = topics.deadLetter();
	}

	void send(ConsumerRecord<String, byte[]> record, CodecException reason, Runnable onAcknowledged) {
		logger.warn("Dead-lettering " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": "
				+ reason.getMessage());
		var letter = new ProducerRecord<>(this.topic, record.key(), record.value());
		letter.headers()
			.add(DeadLetterHeaders.REASON, bytes(reason.reason()))
			.add(DeadLetterHeaders.MESSAGE, bytes(String.valueOf(reason.getMessage())))
			.add(DeadLetterHeaders.ORIGIN, bytes(record.topic() + "-" + record.partition() + "@" + record.offset()));
		this.kafka.send(letter).whenComplete((result, failure) -> {
			if (failure == null) {
				onAcknowledged.run();
			}
			else {
				logger.error("Could not dead-letter " + record.offset() + "; it will be redelivered", failure);
			}
		});
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
