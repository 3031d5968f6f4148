package dev.kolejka.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import dev.kolejka.topic.JobHeaders;
import dev.kolejka.worker.execution.RetryPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DispatcherTests {

	private static final long NOW = 1_800_000_000_000L;

	@Test
	void aRetryIsHeldUntilItsNotBefore() {
		assertThat(Dispatcher.holdMillis(retry(Long.toString(NOW + 1500)), NOW)).isEqualTo(1500);
	}

	@Test
	void aNotBeforeCenturiesAheadHoldsTheJobNoLongerThanTheLongestRetryDelay() {
		assertThat(Dispatcher.holdMillis(retry(Long.toString(Long.MAX_VALUE)), NOW))
			.isEqualTo(RetryPolicy.MAX_DELAY.toMillis());
	}

	@Test
	void aNotBeforeInThePastOrUnreadableRunsTheJobAtOnce() {
		assertThat(Dispatcher.holdMillis(retry(Long.toString(Long.MIN_VALUE)), NOW)).isZero();
		assertThat(Dispatcher.holdMillis(retry(Long.toString(NOW - 10)), NOW)).isZero();
		assertThat(Dispatcher.holdMillis(retry("soon"), NOW)).isZero();
		assertThat(Dispatcher.holdMillis(new ConsumerRecord<>("jobs", 0, 0, "k", new byte[0]), NOW)).isZero();
	}

	private static ConsumerRecord<String, byte[]> retry(String notBefore) {
		var record = new ConsumerRecord<>("retries", 0, 0, "k", new byte[0]);
		record.headers().add(JobHeaders.NOT_BEFORE, notBefore.getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
