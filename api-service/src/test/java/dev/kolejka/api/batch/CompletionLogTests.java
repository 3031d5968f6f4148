package dev.kolejka.api.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CompletionLogTests {

	@Test
	void keepsTheFirstSeenOrderAndIgnoresRepeats() throws InterruptedException {
		var log = new CompletionLog(3);

		log.append(2);
		log.append(0);
		log.append(2);

		assertThat(log.awaitMoreThan(0, 1, TimeUnit.MILLISECONDS)).isEqualTo(2);
		assertThat(log.at(0)).isEqualTo(2);
		assertThat(log.at(1)).isZero();
	}

	@Test
	void aReaderWaitingForMoreIsWokenByAnAppend() throws InterruptedException {
		var log = new CompletionLog(2);
		log.append(1);

		Thread.ofVirtual().start(() -> log.append(0));
		int size = log.awaitMoreThan(1, 30, TimeUnit.SECONDS);

		assertThat(size).isEqualTo(2);
		assertThat(log.at(1)).isZero();
	}

}
