package dev.kolejka.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kolejka.testing.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rebalance drill, under both of Kafka 4's group protocols: a third worker joins in
 * the middle of a run and one of the first two leaves by SIGTERM; every job ends
 * terminal, and none runs twice (a job that finished before a handoff never gets a second
 * {@code Succeeded} event). Each run writes its timings to
 * {@code target/bench/rebalance-<protocol>.json}; they are reported, not asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Disabled("Never completed where it was written (2 cores at load 40-58 from other builds: worker JVMs took over "
		+ "5 minutes to start); enable after one green run on a quiet machine")
class RebalanceDrillIT {

	private static final int JOBS = 1200;

	private final Stack stack = new Stack(RebalanceDrillIT.class);

	private ApiClient api;

	@BeforeAll
	void start() {
		this.stack.startApi();
		this.api = this.stack.client();
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "classic", "consumer" })
	void aWorkerJoiningAndOneLeavingMidRunLoseNothingAndRunNothingTwice(String protocol) throws Exception {
		String[] settings = settings(protocol);
		long started = System.nanoTime();
		String batchId;
		Duration joined;
		Duration left;
		try (var first = new WorkerProcess(protocol + "-1", this.stack.prefix(), settings);
				var second = new WorkerProcess(protocol + "-2", this.stack.prefix(), settings)) {
			batchId = submitBatch();
			// generous: on a machine shared with other builds a worker JVM can take
			// minutes to start
			await().atMost(Duration.ofSeconds(300))
				.until(() -> events(batchId).byWorker()
					.keySet()
					.containsAll(java.util.List.of(protocol + "-1", protocol + "-2")));

			try (var third = new WorkerProcess(protocol + "-3", this.stack.prefix(), settings)) {
				long joining = System.nanoTime();
				await().atMost(Duration.ofSeconds(300))
					.until(() -> events(batchId).byWorker().containsKey(protocol + "-3"));
				joined = Duration.ofNanos(System.nanoTime() - joining);

				left = first.terminate(Duration.ofSeconds(60));

				await().atMost(Duration.ofSeconds(300))
					.untilAsserted(() -> assertThat(this.api.get("/api/v1/batches/" + batchId + "?waitSeconds=20")
						.json()
						.get("state")
						.asString()).as(third::log).isEqualTo("SUCCEEDED"));
			}
		}
		Duration total = Duration.ofNanos(System.nanoTime() - started);
		SucceededEvents events = events(batchId);

		assertThat(events.duplicates()).as("jobs that ran twice").isEmpty();
		assertThat(events.events()).hasSize(JOBS);
		assertThat(events.byWorker()).containsOnlyKeys(protocol + "-1", protocol + "-2", protocol + "-3");
		report(protocol, joined, left, total, events.longestGapMillis());
	}

	private static String[] settings(String protocol) {
		// the consumer protocol assigns partitions on the broker: a client-side assignor
		// is refused
		String assignor = protocol.equals("consumer") ? ""
				: "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
		return new String[] { "spring.kafka.consumer.properties.group.protocol=" + protocol,
				"spring.kafka.consumer.properties.partition.assignment.strategy=" + assignor,
				"spring.kafka.consumer.properties.session.timeout.ms=6000",
				"spring.kafka.consumer.properties.heartbeat.interval.ms=1500",
				"kolejka.worker.pools.process.enabled=false" };
	}

	private SucceededEvents events(String batchId) {
		return SucceededEvents.of(this.stack.prefix(), batchId);
	}

	/**
	 * Jobs that hold a cpu-pool thread for 40 ms: the run lasts long enough to rebalance
	 * twice.
	 */
	private String submitBatch() {
		String items = IntStream.range(0, JOBS).mapToObj((i) -> "{\"ms\":40}").collect(Collectors.joining(","));
		String body = "{\"task\":\"sleep\",\"items\":[" + items + "],\"options\":{\"pool\":\"cpu\",\"chunkSize\":10}}";
		String key = UUID.randomUUID().toString();
		// a 503 (Kafka slow to acknowledge on a busy machine) says to retry with the same
		// key
		var accepted = new AtomicReference<String>();
		await().atMost(Duration.ofSeconds(240))
			.pollInterval(Duration.ofSeconds(5))
			.ignoreExceptionsInstanceOf(UncheckedIOException.class)
			.untilAsserted(() -> {
				var response = this.api.post("/api/v1/jobs/batch", body, "application/json", key);
				assertThat(response.status()).as(response.body()).isIn(200, 202);
				accepted.set(response.json().get("batchId").asString());
			});
		return accepted.get();
	}

	private static void report(String protocol, Duration joined, Duration left, Duration total, long longestGap)
			throws IOException {
		Path file = Path.of("target", "bench", "rebalance-" + protocol + ".json");
		Files.createDirectories(file.getParent());
		Files.writeString(file,
				"{\"protocol\":\"%s\",\"jobs\":%d,\"joinToFirstJobMs\":%d,\"sigtermToExitMs\":%d,\"drillMs\":%d,\"longestGapMs\":%d}%n"
					.formatted(protocol, JOBS, joined.toMillis(), left.toMillis(), total.toMillis(), longestGap));
	}

}
