package dev.kolejka.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SlidingWindowCounterTests {

	private final AtomicLong millis = new AtomicLong(1_000_000_000L);

	@Test
	void aFullWindowReadsAsTheAverageEventsPerSecond() {
		var counter = new SlidingWindowCounter(10, this.millis::get);
		for (int second = 0; second < 10; second++) {
			recordAt(counter, second, 2 + second % 2 * 4);
		}

		at(10);

		assertThat(counter.ratePerSecond()).isEqualTo(4.0);
	}

	@Test
	void theSecondStillFillingIsNotPartOfTheReading() {
		var counter = new SlidingWindowCounter(10, this.millis::get);
		recordAt(counter, 0, 10);

		recordAt(counter, 1, 1000);

		assertThat(counter.ratePerSecond()).isEqualTo(1.0);
	}

	@Test
	void aCounterWithoutEventsFallsToZeroOnceTheWindowHasPassed() {
		var counter = new SlidingWindowCounter(3, this.millis::get);
		recordAt(counter, 0, 30);

		at(3);
		double lastSecondOfTheWindow = counter.ratePerSecond();
		at(4);

		assertThat(lastSecondOfTheWindow).isEqualTo(10.0);
		assertThat(counter.ratePerSecond()).isZero();
	}

	@Test
	void aBucketReusedByANewerSecondForgetsItsOldCount() {
		var counter = new SlidingWindowCounter(2, this.millis::get);
		recordAt(counter, 0, 7);

		// 2 seconds + 1 spare bucket: second 3 lands in second 0's bucket
		recordAt(counter, 3, 1);
		at(4);

		assertThat(counter.ratePerSecond()).isEqualTo(0.5);
	}

	@Test
	void aLateEventOlderThanTheWindowNeverWipesTheNewerSecondInItsBucket() {
		var counter = new SlidingWindowCounter(2, this.millis::get);
		recordAt(counter, 3, 4);

		// a recorder that read the clock at second 0 and ran only now
		recordAt(counter, 0, 1);
		at(4);

		assertThat(counter.ratePerSecond()).isEqualTo(2.0);
	}

	@Test
	void eventsRecordedFromManyThreadsAcrossSecondBoundariesAreAllCounted() throws InterruptedException {
		// every clock reading moves time on by a millisecond: a new second every 1,000
		// calls
		var ticking = new AtomicLong(this.millis.get());
		var counter = new SlidingWindowCounter(60, ticking::getAndIncrement);
		int threads = 4;
		int eventsPerThread = 10_000;

		var recorders = new ArrayList<Thread>();
		for (int i = 0; i < threads; i++) {
			recorders.add(Thread.ofPlatform().name("recorder-" + i).start(() -> {
				for (int n = 0; n < eventsPerThread; n++) {
					counter.record();
				}
			}));
		}
		for (Thread recorder : recorders) {
			recorder.join();
		}
		ticking.addAndGet(1000);

		assertThat(counter.ratePerSecond() * 60).isCloseTo(threads * eventsPerThread, within(1e-6));
	}

	@Test
	void aWindowShorterThanASecondIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SlidingWindowCounter(0, this.millis::get))
			.withMessageContaining("at least one second");
	}

	private void recordAt(SlidingWindowCounter counter, int second, int events) {
		at(second);
		for (int i = 0; i < events; i++) {
			counter.record();
		}
	}

	private void at(int second) {
		this.millis.set(1_000_000_000L + second * 1000L + 500);
	}

}
