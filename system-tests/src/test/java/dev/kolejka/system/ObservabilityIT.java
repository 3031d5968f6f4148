package dev.kolejka.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
 * What operators watch: every metric of SPEC §8 in the Prometheus text of a worker that
 * ran jobs on each pool and of the API, throughput per core following the load, and the
 * workers view following workers as they come and go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {

	private final Stack stack = new Stack(ObservabilityIT.class, "kolejka.worker.metrics.throughput-window=2s",
			"kolejka.api.workers.gone-after=2s", "kolejka.api.workers.drop-after=5s");

	private ConfigurableApplicationContext worker;

	private ApiClient api;

	@BeforeAll
	void start() {
		this.stack.startApi();
		this.worker = this.stack.startWorker("watched");
		this.api = this.stack.client();
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	@Test
	void aWorkersPrometheusTextHasEveryMetricWithTheWorkItDidOnEachPool() {
		ApiClient management = Stack.management(this.worker);
		String cpuBatch = submitBatch("cpu-burn", 400, "{\"iterations\":20000}", "{}");

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(sample(scrape(management), "kolejka_throughput_per_core", "pool=\"cpu\""))
				.isPositive());
		awaitBatch(cpuBatch);
		awaitBatch(submitBatch("sleep", 50, "{\"ms\":10}", "{}"));
		awaitBatch(submitBatch("noop", 20, "{}", "{\"pool\":\"process\"}"));

		String metrics = scrape(management);
		for (String pool : List.of("cpu", "io", "process")) {
			String tag = "pool=\"" + pool + "\"";
			assertThat(sample(metrics, "kolejka_jobs_completed_total", tag)).as(pool).isPositive();
			assertThat(sample(metrics, "kolejka_job_run_seconds_count", tag)).as(pool).isPositive();
			assertThat(sample(metrics, "kolejka_pool_threads", tag)).as(pool).isPositive();
			assertThat(metrics).contains("kolejka_pool_active{" + tag, "kolejka_pool_queued{" + tag,
					"kolejka_throughput_per_core{" + tag);
		}
		assertThat(metrics).contains("kolejka_job_run_seconds_bucket{", "kolejka_job_queue_wait_seconds_bucket{");
		assertThat(sample(metrics, "kolejka_job_queue_wait_seconds_count", "")).isPositive();
		assertThat(sample(metrics, "kolejka_cpu_utilization", "")).isPositive();
		// consumer lag: per client at once; per partition once Micrometer's Kafka binder
		// refreshes its meter list (every 60 s)
		assertThat(metrics).containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=");
		assertThat(metrics).contains("jvm_memory_used_bytes");
		// the load stopped: the sliding window empties
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(sample(scrape(management), "kolejka_throughput_per_core", "pool=\"cpu\""))
				.isZero());
	}

	@Test
	void theApisPrometheusTextHasSubmissionsAndCounters() {
		awaitBatch(submitBatch("count", 5, "{\"counter\":\"observed\",\"by\":2}", "{}"));
		ApiClient management = Stack.management(this.stack.api());

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			String metrics = scrape(management);
			assertThat(sample(metrics, "kolejka_jobs_submitted_total", "task=\"count\"")).isPositive();
			assertThat(sample(metrics, "kolejka_counter_total", "name=\"observed\"")).isEqualTo(10.0);
			assertThat(metrics).contains("http_server_requests_seconds", "jvm_memory_used_bytes");
		});
	}

	@Test
	void theWorkersViewShowsWorkersComingAndGoing() throws Exception {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(workers()).containsKey("watched"));
		JsonNode watched = this.api.get("/api/v1/workers")
			.json()
			.valueStream()
			.filter((worker) -> worker.get("id").asString().equals("watched"))
			.findFirst()
			.orElseThrow();
		assertThat(watched.get("state").asString()).isEqualTo("up");
		assertThat(watched.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
		assertThat(watched.get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(watched.at("/pools/cpu/size").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(watched.at("/pools/process/size").asInt()).isEqualTo(1);
		assertThat(watched.at("/pools/io/size").asInt()).isEqualTo(10_000);
		assertThat(watched.has("throughputPerCore")).isTrue();
		assertThat(watched.has("startedAt")).isTrue();

		try (var doomed = new WorkerProcess("doomed", this.stack.prefix(),
				"kolejka.worker.pools.process.processes=1")) {
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(workers()).containsEntry("doomed", "up").containsEntry("watched", "up"));
			assertThat(this.api.get("/api/v1/workers", "text/plain").body()).contains("doomed", "watched", "WORKER");

			doomed.kill();

			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(workers()).containsEntry("doomed", "gone"));
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(workers()).doesNotContainKey("doomed").containsKey("watched"));
		}
	}

	private Map<String, String> workers() {
		return this.api.get("/api/v1/workers")
			.json()
			.valueStream()
			.collect(Collectors.toMap((worker) -> worker.get("id").asString(),
					(worker) -> worker.get("state").asString()));
	}

	private static String scrape(ApiClient management) {
		var response = management.get("/actuator/prometheus", "text/plain");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	/** The sum of a metric's samples whose labels contain {@code label}. */
	private static double sample(String metrics, String name, String label) {
		Matcher samples = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$")
			.matcher(metrics);
		double sum = 0;
		boolean found = false;
		while (samples.find()) {
			String labels = (samples.group(1) != null) ? samples.group(1) : "";
			if (labels.contains(label) && !samples.group(2).equals("NaN")) {
				sum += Double.parseDouble(samples.group(2));
				found = true;
			}
		}
		assertThat(found).as("a sample of %s with %s in:%n%s", name, label, metrics).isTrue();
		return sum;
	}

	private String submitBatch(String task, int jobs, String args, String options) {
		String items = IntStream.range(0, jobs).mapToObj((i) -> args).collect(Collectors.joining(","));
		var response = this.api.post("/api/v1/jobs/batch",
				"{\"task\":\"" + task + "\",\"items\":[" + items + "],\"options\":" + options + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("batchId").asString();
	}

	private void awaitBatch(String batchId) {
		JsonNode batch = this.api.get("/api/v1/batches/" + batchId + "?waitSeconds=60").json();
		assertThat(batch.get("state").asString()).as(batch::toString).isEqualTo("SUCCEEDED");
	}

}
