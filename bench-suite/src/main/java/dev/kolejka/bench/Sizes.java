package dev.kolejka.bench;

import java.time.Duration;

/**
 * How much work each row does: the full run's sizes follow the table; the smoke
 * run's are tiny, only to prove every row produces a number.
 */
record Sizes(int batchJobs, int batchSize, int singleSubmits, int oneAtATime, int cpuJobs10ms, int cpuJobs1ms,
		int sleeps, int sleepMs, Duration rest, int kafkaRecords, int celeryNoop, int backlog) {

	static Sizes full() {
		return new Sizes(50_000, 10_000, 10_000, 500, 1_000, 4_000, 10_000, 1_000, Duration.ofSeconds(30), 1_000_000,
				5_000, 1_000_000);
	}

	static Sizes smoke() {
		return new Sizes(1_000, 500, 500, 20, 40, 100, 50, 200, Duration.ofSeconds(3), 20_000, 300, 2_000);
	}

	int warmUp() {
		return Math.max(5, this.oneAtATime / 10);
	}

}
