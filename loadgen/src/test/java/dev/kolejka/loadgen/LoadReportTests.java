package dev.kolejka.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LoadReportTests {

	@Test
	void percentilesComeFromTheHistogramInMilliseconds() {
		var micros = new Histogram(3);
		for (int ms = 1; ms <= 1000; ms++) {
			micros.recordValue(ms * 1000L);
		}

		LatencyPercentiles percentiles = LatencyPercentiles.of(micros);

		assertThat(percentiles.count()).isEqualTo(1000);
		assertThat(percentiles.p50()).isBetween(499.0, 501.0);
		assertThat(percentiles.p90()).isBetween(899.0, 901.0);
		assertThat(percentiles.p99()).isBetween(989.0, 991.0);
		assertThat(percentiles.p999()).isBetween(998.0, 1000.5);
		assertThat(percentiles.max()).isBetween(999.0, 1000.5);
	}

	@Test
	void reportJsonHasTheFieldsOfTheContract() {
		var accept = new LatencyPercentiles(10, 1.5, 2.5, 3.5, 4.5, 5.5);
		var completion = new LatencyPercentiles(9, 10, 20, 30, 40, 50);
		var report = new LoadReport("noop", "2026-11-30T00:00:00Z", 100, 99.5, 1, 10, 10, 8, 1, 1, Map.of("503", 2L),
				10.25, false, accept, completion);

		JsonNode json = JsonMapper.builder().build().valueToTree(report);

		assertThat(json.get("targetRate").asDouble()).isEqualTo(100);
		assertThat(json.get("achievedRate").asDouble()).isEqualTo(99.5);
		assertThat(json.get("submitted").asLong()).isEqualTo(10);
		assertThat(json.get("accepted").asLong()).isEqualTo(10);
		assertThat(json.get("completed").asLong()).isEqualTo(8);
		assertThat(json.get("failed").asLong()).isEqualTo(1);
		assertThat(json.get("errors").get("503").asLong()).isEqualTo(2);
		assertThat(json.get("durationSeconds").asDouble()).isEqualTo(10.25);
		for (String field : new String[] { "p50", "p90", "p99", "p999", "max" }) {
			assertThat(json.get("acceptLatencyMs").has(field)).as(field).isTrue();
			assertThat(json.get("completionLatencyMs").has(field)).as(field).isTrue();
		}
		assertThat(json.get("completionLatencyMs").get("p99").asDouble()).isEqualTo(30);
	}

}
