package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.kolejka.chaos.Chaos;
import dev.kolejka.chaos.Report;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak of {@code ./kolejka chaos}, short: a mixed workload over every pool
 * while two of three worker processes are killed and SIGTERMed at random and restarted.
 * Nothing accepted may be lost or stuck, counters stay exact, nothing finished before a
 * graceful handoff runs again, and no thread, child JVM, waiter or heap leaks.
 */
@Disabled("Issue 9, open: its first full run under API keys (2026-11-30) found 298 accepted jobs still QUEUED after "
		+ "the 90 s drain (mostly process-pool count jobs) and 32 jobs run again after a SIGTERM handoff; each needs "
		+ "its cause found (product or check) before the soak can guard main")
class ChaosSoakIT {

	@Test
	void aMixedWorkloadSurvivesWorkersKilledAndStoppedAtRandom() throws Exception {
		long seed = System.nanoTime();
		Report report;
		try (var cluster = new SoakCluster().start()) {
			report = new Chaos(cluster, new Chaos.Settings(Duration.ofSeconds(45), Duration.ofSeconds(7),
					Duration.ofMillis(500), Duration.ofSeconds(90), seed), System.out)
				.run();
		}
		assertThat(report.violations()).as("seed %d: %s", seed, report.figures()).isEmpty();
		assertThat(report.lost()).isZero();
		assertThat(report.stuck()).isZero();
		assertThat(report.doubleCounted()).isZero();
		assertThat(report.processFaults()).as("the nemesis struck").isGreaterThanOrEqualTo(3);
		assertThat(report.jobs()).as("the workload ran").isGreaterThan(300);
		assertThat(report.states()).containsKeys("SUCCEEDED", "FAILED", "CANCELLED");
	}

}
