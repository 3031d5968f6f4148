package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.kolejka.chaos.Chaos;
import dev.kolejka.chaos.Report;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak of {@code ./kolejka chaos}, short: a mixed workload over every pool
 * while two of three worker processes are killed and SIGTERMed at random and restarted.
 * Nothing accepted may be lost or stuck, counters stay exact, nothing finished before a
 * graceful handoff runs again, and no thread, child JVM, waiter or heap leaks.
 */
class ChaosSoakIT {

	private static final int MIN_PROCESS_FAULTS = 3;

	@Test
	void aMixedWorkloadSurvivesWorkersKilledAndStoppedAtRandom() throws Exception {
		long seed = System.nanoTime();
		Report report;
		try (var cluster = new SoakCluster().start()) {
			// half the launcher's pace: two cores also run the three workers, their
			// children and the build
			report = new Chaos(cluster, new Chaos.Settings(Duration.ofSeconds(30), Duration.ofSeconds(6),
					Duration.ofSeconds(1), Duration.ofSeconds(90), seed, MIN_PROCESS_FAULTS), System.out)
				.run();
		}
		assertThat(report.violations()).as("seed %d: %s", seed, report.figures()).isEmpty();
		assertThat(report.lost()).isZero();
		assertThat(report.stuck()).isZero();
		assertThat(report.doubleCounted()).isZero();
		assertThat(report.processFaults()).as("the nemesis struck").isGreaterThanOrEqualTo(MIN_PROCESS_FAULTS);
		assertThat(report.jobs()).as("the workload ran").isGreaterThan(300);
		assertThat(report.states()).containsKeys("SUCCEEDED", "FAILED", "CANCELLED");
	}

}
