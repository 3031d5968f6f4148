package dev.kolejka.worker.consumer;

import java.nio.charset.StandardCharsets;

import dev.kolejka.topic.DeadLetterHeaders;
import dev.kolejka.topic.Topics;
import dev.kolejka.worker.event.DurableSend;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;

/**
 * Moves a record the worker refused to the dead-letter topic, bytes untouched, with the
 * reason in its headers. The record counts as finished (its offset may be committed) only
 * once the dead letter is acknowledged: nothing is lost.
 */
@Component
class DeadLetters {

	private static final Log logger = LogFactory.getLog(DeadLetters.class);

	private final DurableSend sender;

	private final String topic;

	DeadLetters(DurableSend sender, Topics topics) {
		this.sender = sender;
		this.topic = topics.deadLetter();
	}

	/**
	 * @param reason a short, stable word ({@code malformed}, {@code unregistered-class},
	 * ...)
	 * @param message what was wrong, for a person
	 */
	void send(ConsumerRecord<String, byte[]> record, String reason, String message, Runnable onAcknowledged) {
		logger.warn(
				"Dead-lettering " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + message);
		var letter = new ProducerRecord<>(this.topic, record.key(), record.value());
		letter.headers()
			.add(DeadLetterHeaders.REASON, bytes(reason))
			.add(DeadLetterHeaders.MESSAGE, bytes(message))
			.add(DeadLetterHeaders.ORIGIN, bytes(record.topic() + "-" + record.partition() + "@" + record.offset()));
		this.sender.send(letter).thenRun(onAcknowledged);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
