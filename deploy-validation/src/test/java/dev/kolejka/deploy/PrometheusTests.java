package dev.kolejka.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus as promtool reads it: the scrape config, the alert rules' PromQL, and
 * the rules' unit tests (each alert fires on the series that should set it off).
 */
class PrometheusTests {

	private static final Path DIR = Tool.REPO.resolve("deploy/prometheus");

	private final Tool promtool = Tool.promtool();

	@Test
	void scrapeConfigAndRulesAreValid() {
		var config = this.promtool.run(DIR, "check", "config", "prometheus.yml");
		var rules = this.promtool.run(DIR, "check", "rules", "alerts.yml");

		assertThat(config.exitCode()).as(config.toString()).isZero();
		assertThat(config.output()).contains("1 rule files found");
		assertThat(rules.exitCode()).as(rules.toString()).isZero();
		assertThat(rules.output()).contains("4 rules found");
	}

	@Test
	void alertsFireOnTheSeriesThatShouldSetThemOff() {
		var result = this.promtool.run(DIR, "test", "rules", "alerts-test.yml");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void aPromqlSyntaxErrorIsRejected(@TempDir Path dir) throws IOException {
		String broken = Files.readString(DIR.resolve("alerts.yml"))
			.replace("up{job=\"kolejka-worker\"} == 0", "up{job=} == 0");
		Files.writeString(dir.resolve("alerts.yml"), broken);

		var result = this.promtool.run(dir, "check", "rules", "alerts.yml");

		assertThat(result.exitCode()).as(result.toString()).isNotZero();
	}

}
