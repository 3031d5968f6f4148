package dev.kolejka.worker.event;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a record until Kafka acknowledges it. The producer already retries within its
 * delivery timeout; a send that still fails (the broker down for minutes) is tried again
 * here with a growing pause, because the record it settles must not stay unsettled until
 * a restart. The future completes exceptionally only when the worker stops.
 */
@Component
public class DurableSend implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DurableSend.class);

	private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

	private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

	private final KafkaTemplate<String, byte[]> kafka;

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-resend").daemon().factory());

	DurableSend(KafkaTemplate<String, byte[]> kafka) {
		this.kafka = kafka;
	}

	/** Completes once Kafka has the record (acks=all). */
	public CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
		var acknowledged = new CompletableFuture<Void>();
		attempt(record, acknowledged, 0);
		return acknowledged;
	}

	private void attempt(ProducerRecord<String, byte[]> record, CompletableFuture<Void> acknowledged, int failures) {
		try {
			this.kafka.send(record).whenComplete((result, failure) -> {
				if (failure == null) {
					acknowledged.complete(null);
				}
				else {
					again(record, acknowledged, failures + 1, failure);
				}
			});
		}
		catch (RuntimeException ex) {
			again(record, acknowledged, failures + 1, ex);
		}
	}

	private void again(ProducerRecord<String, byte[]> record, CompletableFuture<Void> acknowledged, int failures,
			Throwable failure) {
		long pause = Math.min(LONGEST_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(failures, 16));
		logger.warn("Sending to " + record.topic() + " failed " + failures + " time(s), trying again in " + pause
				+ " ms: " + failure.getMessage());
		try {
			this.timer.schedule(() -> attempt(record, acknowledged, failures), pause, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopping: the record stays unsettled and is redelivered to the next owner
			acknowledged.completeExceptionally(failure);
		}
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

}
