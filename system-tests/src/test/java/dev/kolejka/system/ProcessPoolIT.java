package dev.kolejka.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kolejka.testing.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code process} pool inside a worker started from its packaged jar, as in
 * production: jobs run in child JVMs, children are recycled, killed at a hard timeout,
 * replaced when they die, and never outlive their worker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessPoolIT {

	/**
	 * How long anything here may wait for child JVMs. Each recycle, kill or crash boots a
	 * child (Spring Boot's launcher over the worker's jar, then the task codec) on its
	 * slot's critical path: about a second on an idle machine, and over 20 s measured on
	 * a CI machine at load 27. Results are polled within this bound, never read once
	 * after a fixed wait, so a slow machine makes the class slower, not red.
	 */
	private static final Duration CHILD_BOOTS = Duration.ofMinutes(4);

	private final Stack stack = new Stack(ProcessPoolIT.class, "kolejka.tasks.chaos.enabled=true");

	private WorkerProcess worker;

	private ApiClient api;

	@BeforeAll
	void start() {
		this.stack.startApi();
		this.api = this.stack.client();
		this.worker = new WorkerProcess("children", this.stack.prefix(), "kolejka.tasks.chaos.enabled=true",
				"kolejka.worker.pools.process.processes=2", "kolejka.worker.pools.process.max-tasks-per-child=5",
				"kolejka.worker.pools.process.max-memory-per-child=64MB",
				// on a loaded machine a child may take over the default 60 s to boot, and
				// its heartbeat thread may starve past the default 30 s
				"kolejka.worker.pools.process.start-timeout=" + CHILD_BOOTS.toSeconds() + "s",
				"kolejka.worker.pools.process.hung-after=" + CHILD_BOOTS.toSeconds() + "s");
	}

	@AfterAll
	void stop() throws InterruptedException {
		this.worker.close();
		this.stack.close();
	}

	@Test
	void jobsRunInChildProcessesOfTheWorkerThatAreRecycledAfterFiveJobs() {
		JsonNode batch = runBatch("noop", 30, "{}", "\"pool\":\"process\",\"chunkSize\":1");

		List<Long> pids = new ArrayList<>();
		for (JsonNode id : batch.get("ids")) {
			JsonNode job = this.api.get("/api/v1/jobs/" + id.asString()).json();
			assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
			assertThat(job.at("/execution/pool").asString()).isEqualTo("process");
			pids.add(job.at("/execution/pid").asLong());
		}
		assertThat(pids).doesNotContain(this.worker.pid());
		// 30 jobs at 5 per child: at least six children, whichever of the two slots ran
		// them
		assertThat(Set.copyOf(pids)).hasSizeGreaterThanOrEqualTo(6);
		assertThat(pids.stream().collect(Collectors.groupingBy((pid) -> pid, Collectors.counting())).values())
			.allSatisfy((jobsOfOneChild) -> assertThat(jobsOfOneChild).isLessThanOrEqualTo(5));
	}

	/**
	 * Children of a worker run from jars (as {@code ./kolejka up} and the images run it)
	 * start from the class-data archive their pool makes once: what makes a child that a
	 * timeout killed cheap to replace.
	 */
	@Test
	void childrenStartFromTheirPoolsClassDataArchiveOnceItIsMade() {
		await().atMost(CHILD_BOOTS).until(() -> {
			// recycled after five jobs each: these make fresh children
			runBatch("noop", 10, "{}", "\"pool\":\"process\",\"chunkSize\":1");
			return children(this.worker).stream()
				.anyMatch((child) -> child.info()
					.arguments()
					.stream()
					.flatMap(Arrays::stream)
					.anyMatch((arg) -> arg.startsWith("-XX:SharedArchiveFile=")));
		});
	}

	@Test
	void aHungJobsChildIsKilledAtTheDeadlineAndTheNextJobRuns() {
		String hung = submit("{\"task\":\"chaos\",\"args\":{\"mode\":\"hang\"},"
				+ "\"options\":{\"timeout\":\"PT1S\",\"maxAttempts\":1}}");
		JsonNode job = terminal(hung);

		assertThat(job.get("state").asString()).isEqualTo("FAILED");
		assertThat(job.at("/error/type").asString()).isEqualTo("TIMEOUT");
		Duration ran = Duration.between(Instant.parse(job.get("startedAt").asString()),
				Instant.parse(job.get("finishedAt").asString()));
		assertThat(ran).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
		long killedPid = job.at("/execution/pid").asLong();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> ProcessHandle.of(killedPid).isEmpty() || !ProcessHandle.of(killedPid).get().isAlive());

		JsonNode next = terminal(submit(
				"{\"task\":\"word-lengths\",\"args\":{\"text\":\"How I wish\"},\"options\":{\"pool\":\"process\"}}"));
		assertThat(next.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(next.get("result").toString()).isEqualTo("[3,1,4]");
	}

	@Test
	void aChildThatExitsLosesItsJobWhichIsRetriedOnAFreshChild() {
		String exits = submit("{\"task\":\"chaos\",\"args\":{\"mode\":\"exit\",\"exitCode\":9},"
				+ "\"options\":{\"maxAttempts\":2,\"backoff\":\"PT0.1S\"}}");
		JsonNode job = terminal(exits);

		assertThat(job.get("state").asString()).isEqualTo("FAILED");
		assertThat(job.get("attempts").asInt()).isEqualTo(2);
		assertThat(job.at("/error/type").asString()).isEqualTo("WORKER_LOST");
		assertThat(job.at("/error/message").asString()).contains("exited with code 9");
	}

	@Test
	void aChildThatExhaustsItsHeapLimitLosesItsJobAndTheWorkerLivesOn() {
		String oom = submit("{\"task\":\"chaos\",\"args\":{\"mode\":\"oom\"},\"options\":{\"maxAttempts\":1}}");
		JsonNode job = terminal(oom);

		assertThat(job.at("/error/type").asString()).isEqualTo("WORKER_LOST");
		assertThat(job.at("/error/message").asString()).contains("heap was exhausted");
		assertThat(this.worker.isAlive()).isTrue();
	}

	@Test
	void cancellingARunningJobKillsItsChild() {
		String hung = submit("{\"task\":\"chaos\",\"args\":{\"mode\":\"hang\"},\"options\":{\"maxAttempts\":1}}");
		await().atMost(CHILD_BOOTS)
			.until(() -> "RUNNING".equals(this.api.get("/api/v1/jobs/" + hung).json().get("state").asString()));
		long childPid = this.api.get("/api/v1/jobs/" + hung).json().at("/execution/pid").asLong();

		assertThat(this.api.delete("/api/v1/jobs/" + hung).status()).isEqualTo(202);

		JsonNode job = terminal(hung);
		assertThat(job.get("state").asString()).isEqualTo("CANCELLED");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> ProcessHandle.of(childPid).isEmpty() || !ProcessHandle.of(childPid).get().isAlive());
	}

	@Test
	void countsFromChildProcessesAreExact() {
		runBatch("count", 50, "{\"counter\":\"process-pool-it\",\"by\":1}", "\"pool\":\"process\"");

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.api.get("/api/v1/counters/process-pool-it").json().get("value").asLong())
						.isEqualTo(50));
	}

	@Test
	void noChildOutlivesAWorkerKilledWithSigkill() throws Exception {
		try (var doomed = new WorkerProcess("doomed", this.stack.prefix(),
				"kolejka.worker.pools.process.processes=2")) {
			await().atMost(CHILD_BOOTS).until(() -> children(doomed).size() == 2);
			List<ProcessHandle> children = children(doomed);

			doomed.kill();

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
		}
	}

	@Test
	void noChildOutlivesAWorkerStoppedWithSigterm() throws Exception {
		try (var leaving = new WorkerProcess("leaving", this.stack.prefix(),
				"kolejka.worker.pools.process.processes=2")) {
			await().atMost(CHILD_BOOTS).until(() -> children(leaving).size() == 2);
			List<ProcessHandle> children = children(leaving);

			leaving.terminate(CHILD_BOOTS);

			assertThat(children).noneMatch(ProcessHandle::isAlive);
		}
	}

	/** Polls the job until it is terminal, within the bound child boots get here. */
	private JsonNode terminal(String id) {
		return await().atMost(CHILD_BOOTS)
			.until(() -> this.api.get("/api/v1/jobs/" + id + "?waitSeconds=30").json(),
					(job) -> Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.get("state").asString()));
	}

	private static List<ProcessHandle> children(WorkerProcess worker) {
		return ProcessHandle.of(worker.pid())
			.map((process) -> process.children().filter(ProcessHandle::isAlive).toList())
			.orElse(List.of());
	}

	private String submit(String body) {
		var response = this.api.post("/api/v1/jobs", body);
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("id").asString();
	}

	private JsonNode runBatch(String task, int jobs, String args, String options) {
		String items = IntStream.range(0, jobs).mapToObj((i) -> args).collect(Collectors.joining(","));
		var response = this.api.post("/api/v1/jobs/batch",
				"{\"task\":\"" + task + "\",\"items\":[" + items + "],\"options\":{" + options + "}}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		String batch = "/api/v1/batches/" + response.json().get("batchId").asString() + "?waitSeconds=30";
		JsonNode done = await().atMost(CHILD_BOOTS)
			.until(() -> this.api.get(batch).json(), (view) -> view.get("succeeded").asInt()
					+ view.get("failed").asInt() + view.get("cancelled").asInt() == jobs);
		assertThat(done.get("succeeded").asInt()).as(done::toString).isEqualTo(jobs);
		return response.json();
	}

}
