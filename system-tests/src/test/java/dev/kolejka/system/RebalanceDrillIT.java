package dev.kolejka.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.kolejka.testing.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rebalance drill, under Kafka 4's group protocols: while jobs keep coming, a third
 * worker joins and then one of the first two leaves by SIGTERM; every job ends terminal,
 * and none runs twice (a job that finished before a handoff never gets a second
 * {@code Succeeded} event). Each run writes its timings to
 * {@code target/bench/rebalance-<protocol>.json}; they are reported, not asserted.
 *
 * <p>
 * Why a steady feed rather than one batch: a worker JVM takes from seconds to a minute to
 * start, depending on what else the machine runs, and a batch sized for one machine is
 * over before the third worker joins on another. The feed lasts as long as the drill.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebalanceDrillIT {

	/** 25 jobs of 40 ms every half second: half of two workers' cpu pools. */
	private static final int JOBS_PER_BATCH = 25;

	private static final Duration FEED_INTERVAL = Duration.ofMillis(500);

	private static final Duration WORKER_START = Duration.ofSeconds(300);

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

	/**
	 * The build drills the workers' default protocol;
	 * {@code -Dkolejka.drill.protocols=classic,consumer} drills both, one after the
	 * other, for the comparison in docs/deploy.md.
	 */
	static Stream<String> protocols() {
		return Stream.of(System.getProperty("kolejka.drill.protocols", "classic").split(",")).map(String::strip);
	}

	@ParameterizedTest
	@MethodSource("protocols")
	void aWorkerJoiningAndOneLeavingMidRunLoseNothingAndRunNothingTwice(String protocol) throws Exception {
		String[] settings = settings(protocol);
		String first = protocol + "-1";
		String second = protocol + "-2";
		String third = protocol + "-3";
		long started = System.nanoTime();
		Instant joining;
		Duration left;
		Duration drained;
		Set<String> batches;
		try (var tail = new SucceededEventsTail(this.stack.prefix());
				var one = new WorkerProcess(first, this.stack.prefix(), settings);
				var two = new WorkerProcess(second, this.stack.prefix(), settings)) {
			// the feed starts once both are up, so that no backlog builds while they boot
			await().atMost(WORKER_START)
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> workersUp().containsAll(List.of(first, second)));
			try (var feed = new Feed()) {
				await().atMost(WORKER_START)
					.pollInSameThread()
					.pollInterval(Duration.ofSeconds(1))
					.until(() -> tail.of(feed.batches()).byWorker().keySet().containsAll(List.of(first, second)));

				joining = Instant.now();
				try (var three = new WorkerProcess(third, this.stack.prefix(), settings)) {
					await().atMost(WORKER_START)
						.pollInSameThread()
						.pollInterval(Duration.ofSeconds(1))
						.until(() -> tail.of(feed.batches()).byWorker().containsKey(third));

					left = one.terminate(Duration.ofSeconds(60));
					// jobs keep coming to the two that stay for a while after the handoff
					long after = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
					while (System.nanoTime() < after) {
						LockSupport.parkNanos(after - System.nanoTime());
					}
					batches = feed.stop();
					long draining = System.nanoTime();
					for (String batchId : batches) {
						// no first delay: Awaitility's default (100 ms) per batch made a
						// drain of 100 finished batches look like 10 s
						await().atMost(Duration.ofSeconds(120))
							.pollDelay(Duration.ZERO)
							.untilAsserted(
									() -> assertThat(this.api.get("/api/v1/batches/" + batchId + "?waitSeconds=20")
										.json()
										.get("state")
										.asString()).as(three::log).isEqualTo("SUCCEEDED"));
					}
					drained = Duration.ofNanos(System.nanoTime() - draining);
				}
			}
			Duration total = Duration.ofNanos(System.nanoTime() - started);
			SucceededEvents events = tail.of(batches);

			assertThat(events.duplicates()).as("jobs that ran twice").isEmpty();
			assertThat(events.events()).hasSize(batches.size() * JOBS_PER_BATCH);
			assertThat(events.byWorker()).containsOnlyKeys(first, second, third);
			Duration joined = Duration.between(joining, events.firstBy(third).orElseThrow());
			report(protocol, batches.size() * JOBS_PER_BATCH, joined, left, drained, total, events.longestGapMillis());
		}
	}

	/** The workers the API's workers view shows up (from their heartbeats). */
	private Set<String> workersUp() {
		return this.api.get("/api/v1/workers")
			.json()
			.valueStream()
			.filter((worker) -> worker.get("state").asString().equals("up"))
			.map((worker) -> worker.get("id").asString())
			.collect(Collectors.toSet());
	}

	/**
	 * Only the protocol: everything else as a worker has it by default (the consumer
	 * protocol drops the classic one's session, heartbeat and assignor settings itself).
	 */
	private static String[] settings(String protocol) {
		return new String[] { "spring.kafka.consumer.properties.group.protocol=" + protocol,
				"kolejka.worker.pools.process.enabled=false" };
	}

	private static void report(String protocol, int jobs, Duration joined, Duration left, Duration drained,
			Duration total, long longestGap) throws IOException {
		Path file = Path.of("target", "bench", "rebalance-" + protocol + ".json");
		Files.createDirectories(file.getParent());
		Files.writeString(file,
				"{\"protocol\":\"%s\",\"jobs\":%d,\"startToFirstJobMs\":%d,\"sigtermToExitMs\":%d,\"drainMs\":%d,\"drillMs\":%d,\"longestGapMs\":%d}%n"
					.formatted(protocol, jobs, joined.toMillis(), left.toMillis(), drained.toMillis(), total.toMillis(),
							longestGap));
	}

	/**
	 * Submits a batch of 40 ms jobs every {@link #FEED_INTERVAL} until stopped, on a
	 * thread of its own; keeps the ids of the batches the API accepted.
	 */
	private final class Feed implements AutoCloseable {

		private final Set<String> accepted = ConcurrentHashMap.newKeySet();

		private volatile boolean running = true;

		private final Thread thread;

		Feed() {
			// started last: the loop reads the fields above
			this.thread = Thread.ofPlatform().name("rebalance-drill-feed").daemon().start(this::run);
		}

		private void run() {
			String items = IntStream.range(0, JOBS_PER_BATCH)
				.mapToObj((i) -> "{\"ms\":40}")
				.collect(Collectors.joining(","));
			String body = "{\"task\":\"sleep\",\"items\":[" + items
					+ "],\"options\":{\"pool\":\"cpu\",\"chunkSize\":5}}";
			long next = System.nanoTime();
			while (this.running) {
				try {
					var response = RebalanceDrillIT.this.api.post("/api/v1/jobs/batch", body, "application/json",
							UUID.randomUUID().toString());
					// a refusal (Kafka slow to acknowledge) is no job of the drill
					if (response.status() == 200 || response.status() == 202) {
						this.accepted.add(response.json().get("batchId").asString());
					}
				}
				catch (UncheckedIOException ex) {
					// the same: nothing accepted
				}
				next += FEED_INTERVAL.toNanos();
				LockSupport.parkNanos(next - System.nanoTime());
			}
		}

		Set<String> batches() {
			return Set.copyOf(this.accepted);
		}

		/** Stops the feed; the batches it submitted. */
		Set<String> stop() throws InterruptedException {
			this.running = false;
			this.thread.join(Duration.ofSeconds(60));
			return Set.copyOf(this.accepted);
		}

		@Override
		public void close() throws InterruptedException {
			stop();
		}

	}

}
