package dev.kolejka.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./kolejka bench --smoke} as part of the build: every row of the suite, at tiny
 * sizes, on a real stack, a real bare broker and (when Debian's packages can be
 * installed) a real Celery with Redis. It checks only that every row produced a number;
 * the speed goals live in the full run's report, not here.
 */
class BenchSuiteSmokeIT {

	private static final Path MODULE = Path.of("").toAbsolutePath();

	@Test
	void everyRowOfTheSmokeRunProducesANumberForEveryPeerItApplies() {
		Path out = MODULE.resolve("target/bench-smoke");

		Report report = new BenchSuite(MODULE.getParent(), out, 49050, Sizes.smoke()).run();

		assertThat(report.rows()).extracting(Row::id)
			.contains("up", "noop-batches", "single-submits", "one-at-a-time-p50", "one-at-a-time-p99",
					"efficiency-cpu-10ms", "efficiency-cpu-1ms", "efficiency-process-10ms", "efficiency-process-1ms",
					"sleeps", "noop-batches-cpu-api", "single-submits-cpu-broker", "single-submits-warm",
					"single-submits-warm-cpu-api", "cpu-burn-in-worker", "rest-cpu-total", "rest-rss", "load-rss",
					"backlog-worker-rss", "retained-api-heap", "unfinished-api-heap");
		assertThat(report.rows()).allSatisfy((row) -> {
			assertThat(row.kolejka().measured()).as("Kolejka's figure of %s: %s", row.id(), row.kolejka()).isTrue();
			assertThat(row.kafka().kind()).as("raw Kafka's figure of %s: %s", row.id(), row.kafka())
				.isIn(Cell.Kind.MEASURED, Cell.Kind.NOT_APPLICABLE);
			assertThat(row.kafka().kind() != Cell.Kind.MEASURED || row.kafka().measured()).isTrue();
			assertThat(row.celery().kind()).as("Celery's figure of %s: %s", row.id(), row.celery())
				.isIn(Cell.Kind.MEASURED, Cell.Kind.NOT_APPLICABLE, Cell.Kind.SKIPPED);
		});
		assertThat(report.rows()).filteredOn((row) -> row.celery().kind() == Cell.Kind.SKIPPED)
			.allSatisfy((row) -> assertThat(row.celery().reason()).startsWith("python3-celery / redis-server"));
		assertThat(out.resolve("report.json")).isNotEmptyFile();
		assertThat(out.resolve("report.md")).content().contains("| noop end to end");
	}

}
