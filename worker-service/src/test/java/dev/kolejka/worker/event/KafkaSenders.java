package dev.kolejka.worker.event;

import java.time.Duration;

import dev.kolejka.codec.TaskCodec;
import dev.kolejka.topic.Topics;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The worker's two senders built outside Spring, as its context builds them, for tests of
 * other packages (their constructors are package-private: nothing else in the worker
 * builds them).
 */
public final class KafkaSenders {

	private KafkaSenders() {
	}

	/** Not started: {@link EventPublisher#start()} it once its topic exists. */
	public static EventPublisher eventPublisher(KafkaTemplate<String, byte[]> kafka, TaskCodec codec, Topics topics) {
		return new EventPublisher(kafka, codec, topics, Duration.ofMillis(20));
	}

	public static DurableSend durableSend(KafkaTemplate<String, byte[]> kafka) {
		return new DurableSend(kafka);
	}

}
