package dev.kolejka.system.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kolejka.system.launcher.LauncherCommands.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local launcher {@code ./kolejka} as a user runs it: {@code up} starts a real
 * broker, the API and two workers from the packaged jars (on free ports, with its state
 * under {@code target/launcher-home}), a job submitted with {@code curl} succeeds,
 * {@code status} shows every process, a second {@code up} reuses them, and {@code down}
 * leaves nothing running.
 */
class LauncherIT {

	private static final Path HOME = LauncherCommands.MODULE_DIR.resolve("target/launcher-home");

	private static final LauncherCommands LAUNCHER = new LauncherCommands(HOME,
			LauncherCommands.MODULE_DIR.resolve("target/launcher-it"));

	private static final List<String> PROCESSES = List.of("kafka", "api", "worker-1", "worker-2");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static int apiPort;

	@BeforeAll
	static void prepare() throws IOException {
		assertThat(LauncherCommands.REPO.resolve("kolejka")).as("the launcher in the repository root").isExecutable();
		LAUNCHER.prepare();
		apiPort = LAUNCHER.port("KOLEJKA_API_PORT");
		// processes left behind by an aborted earlier run are found through their pid
		// files
		kolejka(Duration.ofSeconds(120), "down");
		LauncherCommands.deleteRecursively(HOME);
	}

	@AfterAll
	static void down() {
		Result down = kolejka(Duration.ofSeconds(120), "down");
		assertThat(down.exitCode()).as(down::describe).isZero();
	}

	@Test
	void upRunsAJobThenUpAgainReusesTheProcessesAndDownStopsThemAll() throws IOException {
		Result up = kolejka(Duration.ofSeconds(300), "up");
		assertThat(up.exitCode()).as(up::describe).isZero();
		String apiKey = Files.readString(HOME.resolve("api-key")).strip();
		assertThat(apiKey).as("256 random bits").matches("kol_[0-9a-f]{64}");
		assertThat(up.output()).as(up::describe)
			.contains("http://127.0.0.1:" + apiPort + "/api/v1", "http://127.0.0.1:" + apiPort + "/", apiKey, "curl ");
		// the dashboard is the first thing the summary names
		assertThat(up.output().substring(up.output().indexOf("Dashboard:")))
			.startsWith("Dashboard:  http://127.0.0.1:" + apiPort + "/\n")
			.doesNotContain("Dashboard:  http://127.0.0.1:" + apiPort + "/api");
		assertThat(up.output().indexOf("Dashboard:")).isLessThan(up.output().indexOf("API:"));
		Map<String, Long> pids = recordedPids();
		assertThat(pids).as(up::describe).containsOnlyKeys(PROCESSES);
		pids.forEach((name, pid) -> assertThat(isAlive(pid)).as("%s (pid %d) is alive", name, pid).isTrue());
		pids.forEach((name, pid) -> {
			if (!name.equals("kafka")) {
				// each service maps the AOT cache its folder's training run made
				String command = ProcessHandle.of(pid).flatMap((process) -> process.info().commandLine()).orElseThrow();
				Matcher cache = Pattern.compile("-XX:AOTCache=(\\S+)").matcher(command);
				assertThat(cache.find()).as(command).isTrue();
				assertThat(Path.of(cache.group(1))).as("%s's AOT cache", name).isNotEmptyFile();
			}
		});

		String id = submitWordLengths(apiKey);
		await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).untilAsserted(() -> {
			JsonNode job = getJob(apiKey, id);
			assertThat(job.get("state").asString()).as(job::toString).isEqualTo("SUCCEEDED");
			assertThat(JSON.treeToValue(job.get("result"), int[].class)).containsExactly(3, 1, 4, 1, 5, 9, 2);
		});

		Result status = kolejka(Duration.ofSeconds(30), "status");
		assertThat(status.exitCode()).as(status::describe).isZero();
		pids.forEach((name, pid) -> assertThat(status.output()).as(status::describe)
			.containsPattern("(?m)^" + name + "\\s+pid " + pid + "\\s+running"));
		// the workers view: both workers heartbeat, with their pools
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Result view = kolejka(Duration.ofSeconds(30), "status");
			assertThat(view.output()).as(view::describe)
				.containsPattern("(?m)^WORKER\\s+STATE")
				.containsPattern("(?m)^worker-1\\s+up\\s+" + pids.get("worker-1"))
				.containsPattern("(?m)^worker-2\\s+up\\s+" + pids.get("worker-2"));
		});

		Result upAgain = kolejka(Duration.ofSeconds(180), "up");
		assertThat(upAgain.exitCode()).as(upAgain::describe).isZero();
		assertThat(upAgain.output()).as(upAgain::describe).doesNotContain("started (pid");
		assertThat(recordedPids()).as("pids after a second up").isEqualTo(pids);

		// a worker that stops leaves the workers view
		ProcessHandle.of(pids.get("worker-2")).ifPresent(ProcessHandle::destroy);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Result view = kolejka(Duration.ofSeconds(30), "status");
			assertThat(view.output()).as(view::describe)
				.containsPattern("(?m)^worker-1\\s+up")
				.doesNotContainPattern("(?m)^worker-2\\s+(up|gone)");
		});

		Result down = kolejka(Duration.ofSeconds(120), "down");
		assertThat(down.exitCode()).as(down::describe).isZero();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> pids.forEach((name, pid) -> assertThat(isAlive(pid))
				.as("%s (pid %d) is still alive after down%n%s", name, pid, down.describe())
				.isFalse()));
		assertThat(recordedPids()).as("pid files after down").isEmpty();
	}

	private static String submitWordLengths(String apiKey) {
		return LAUNCHER.submitWordLengths(apiKey);
	}

	private static JsonNode getJob(String apiKey, String id) {
		return LAUNCHER.job(apiKey, id);
	}

	private static Map<String, Long> recordedPids() throws IOException {
		return LAUNCHER.recordedPids();
	}

	private static boolean isAlive(long pid) {
		return LauncherCommands.isAlive(pid);
	}

	private static Result kolejka(Duration timeout, String... args) {
		return LAUNCHER.kolejka(timeout, args);
	}

	private static Result run(Duration timeout, String label, String... command) {
		return LAUNCHER.run(timeout, label, command);
	}

}
