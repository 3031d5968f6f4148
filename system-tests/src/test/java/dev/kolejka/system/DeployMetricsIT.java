package dev.kolejka.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.kolejka.testing.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard and the alert rules under {@code deploy/} query only metrics that
 * a real worker or the API publishes: after a short run with successes, a dead letter and
 * a counter, every metric name in them is in one of the two Prometheus texts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployMetricsIT {

	private static final Path DEPLOY = Path.of("..", "deploy");

	private static final Path DASHBOARD = DEPLOY.resolve("grafana/dashboards/kolejka.json");

	private static final Path RULES = DEPLOY.resolve("prometheus/alerts.yml");

	private final Stack stack = new Stack(DeployMetricsIT.class);

	private ConfigurableApplicationContext worker;

	private ApiClient api;

	@BeforeAll
	void start() {
		this.stack.startApi();
		this.worker = this.stack.startWorker("metered");
		this.api = this.stack.client();
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	@Test
	void everyMetricTheDashboardAndTheAlertsQueryIsPublished() {
		awaitBatch(submitBatch("sleep", 1, "{\"ms\":5000}", "{\"maxAttempts\":1,\"timeout\":\"PT0.2S\"}"), "FAILED");
		awaitBatch(submitBatch("cpu-burn", 50, "{\"iterations\":20000}", "{}"), "SUCCEEDED");
		awaitBatch(submitBatch("count", 3, "{\"counter\":\"deployed\",\"by\":1}", "{}"), "SUCCEEDED");
		Set<String> queried = new TreeSet<>();
		Stream.concat(QueriedMetrics.dashboardQueries(DASHBOARD).stream(), QueriedMetrics.ruleQueries(RULES).stream())
			.map(QueriedMetrics::metricNames)
			.forEach(queried::addAll);
		queried.removeAll(QueriedMetrics.SYNTHETIC);

		// per-topic producer meters (the dead-letter topic's) appear when Micrometer's
		// Kafka
		// binder next refreshes its meter list, up to a minute after the first send
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			String published = scrape(Stack.management(this.worker)) + scrape(Stack.management(this.stack.api()));
			assertThat(queried).allSatisfy((name) -> assertThat(published).as("the samples of %s", name)
				.containsPattern(Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]")));
		});
		assertThat(queried).contains("kolejka_jobs_submitted_total", "kolejka_jobs_completed_total",
				"kolejka_job_queue_wait_seconds_bucket", "kolejka_job_run_seconds_bucket", "kolejka_pool_threads",
				"kolejka_throughput_per_core", "kolejka_cpu_utilization",
				"kafka_consumer_fetch_manager_records_lag_max");
	}

	@Test
	void metricNamesAreReadFromPromqlWithoutFunctionsLabelsOrDurations() {
		String query = "histogram_quantile(0.99, sum by (le, pool) (rate(kolejka_job_run_seconds_bucket{pool!=\"io\"}[$__rate_interval])))"
				+ " and on() deriv(sum(kafka_x{job=\"a\"})[5m:30s]) > 0 or absent(up == 1)";

		assertThat(QueriedMetrics.metricNames(query)).containsExactly("kafka_x", "kolejka_job_run_seconds_bucket",
				"up");
	}

	private static String scrape(ApiClient management) {
		var response = management.get("/actuator/prometheus", "text/plain");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private String submitBatch(String task, int jobs, String args, String options) {
		String items = IntStream.range(0, jobs).mapToObj((i) -> args).collect(Collectors.joining(","));
		var response = this.api.post("/api/v1/jobs/batch",
				"{\"task\":\"" + task + "\",\"items\":[" + items + "],\"options\":" + options + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("batchId").asString();
	}

	private void awaitBatch(String batchId, String state) {
		JsonNode batch = this.api.get("/api/v1/batches/" + batchId + "?waitSeconds=60").json();
		assertThat(batch.get("state").asString()).as(batch::toString).isEqualTo(state);
	}

}
