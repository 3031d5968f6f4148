package dev.kolejka.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ScheduleTests {

	@Test
	void submissionsAreDueAtFixedIntervalsFromTheStart() {
		var schedule = new Schedule(1000, Duration.ofSeconds(2), 1);

		assertThat(schedule.submissions()).isEqualTo(2000);
		assertThat(schedule.dueNanos(0)).isZero();
		assertThat(schedule.dueNanos(1)).isEqualTo(1_000_000);
		assertThat(schedule.dueNanos(1999)).isEqualTo(1_999_000_000L);
	}

	@Test
	void batchesSpreadTheRateOverFewerSubmissions() {
		var schedule = new Schedule(1000, Duration.ofSeconds(2), 10);

		assertThat(schedule.submissions()).isEqualTo(200);
		assertThat(schedule.jobs()).isEqualTo(2000);
		assertThat(schedule.dueNanos(1)).isEqualTo(10_000_000);
	}

	@Test
	void aRateBelowOneJobPerDurationStillSubmitsOnce() {
		var schedule = new Schedule(0.1, Duration.ofSeconds(1), 1);

		assertThat(schedule.submissions()).isOne();
	}

}
