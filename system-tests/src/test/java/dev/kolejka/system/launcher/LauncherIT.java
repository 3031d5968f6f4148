package dev.kolejka.system.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The local launcher {@code ./kolejka} as a user runs it: {@code up} starts a real
 * broker, the API and two workers from the packaged jars (on free ports, with its state
 * under {@code target/launcher-home}), a job submitted with {@code curl} succeeds,
 * {@code status} shows every process, a second {@code up} reuses them, and {@code down}
 * leaves nothing running.
 */
class LauncherIT {

	private static final Path MODULE_DIR = Path.of("").toAbsolutePath();

	private static final Path REPO = MODULE_DIR.getParent();

	private static final Path HOME = MODULE_DIR.resolve("target/launcher-home");

	private static final Path OUTPUT_DIR = MODULE_DIR.resolve("target/launcher-it");

	private static final List<String> PROCESSES = List.of("kafka", "api", "worker-1", "worker-2");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger STEP = new AtomicInteger();

	private static final Map<String, String> ENV = new HashMap<>();

	private static int apiPort;

	@BeforeAll
	static void prepare() throws IOException {
		assertThat(REPO.resolve("kolejka")).as("the launcher in the repository root").isExecutable();
		try (var ports = new PortReservation()) {
			ENV.put("KOLEJKA_KAFKA_PORT", ports.next());
			ENV.put("KOLEJKA_CONTROLLER_PORT", ports.next());
			ENV.put("KOLEJKA_API_PORT", ports.next());
			ENV.put("KOLEJKA_API_MANAGEMENT_PORT", ports.next());
			ENV.put("KOLEJKA_WORKER_MANAGEMENT_BASE_PORT", ports.nextPair());
		}
		apiPort = Integer.parseInt(ENV.get("KOLEJKA_API_PORT"));
		ENV.put("KOLEJKA_HOME", HOME.toString());
		ENV.put("KOLEJKA_WORKERS", "2");
		ENV.put("KOLEJKA_SKIP_BUILD", "1"); // maven packaged everything before the
											// integration tests
		ENV.put("JAVA_HOME", System.getProperty("java.home"));
		deleteRecursively(OUTPUT_DIR);
		Files.createDirectories(OUTPUT_DIR);
		// processes left behind by an aborted earlier run are found through their pid
		// files
		kolejka(Duration.ofSeconds(120), "down");
		deleteRecursively(HOME);
	}

	@AfterAll
	static void down() {
		Result down = kolejka(Duration.ofSeconds(120), "down");
		assertThat(down.exitCode()).as(down::describe).isZero();
	}

	@Test
	void upRunsAJobThenUpAgainReusesTheProcessesAndDownStopsThemAll() throws IOException {
		Result up = kolejka(Duration.ofSeconds(180), "up");
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

	private static String submitWordLengths(String apiKey) throws IOException {
		Result submit = run(Duration.ofSeconds(30), "submit", "curl", "-sS", "-w", "\n%{http_code}", "-X", "POST",
				"http://127.0.0.1:" + apiPort + "/api/v1/jobs", "-H", "Content-Type: application/json", "-H",
				"Authorization: Bearer " + apiKey, "-d",
				"{\"task\":\"word-lengths\",\"args\":{\"text\":\"How I wish I could calculate pi\"}}");
		assertThat(submit.exitCode()).as(submit::describe).isZero();
		String output = submit.output().strip();
		String body = output.substring(0, output.lastIndexOf('\n'));
		assertThat(output.substring(output.lastIndexOf('\n') + 1)).as(submit::describe).isEqualTo("202");
		JsonNode job = JSON.readTree(body);
		assertThat(job.hasNonNull("id")).as(submit::describe).isTrue();
		return job.get("id").asString();
	}

	private static JsonNode getJob(String apiKey, String id) {
		Result get = run(Duration.ofSeconds(45), "job", "curl", "-sS", "-f", "-H", "Authorization: Bearer " + apiKey,
				"http://127.0.0.1:" + apiPort + "/api/v1/jobs/" + id + "?waitSeconds=30");
		assertThat(get.exitCode()).as(get::describe).isZero();
		return JSON.readTree(get.output());
	}

	private static Map<String, Long> recordedPids() throws IOException {
		Map<String, Long> pids = new TreeMap<>();
		Path run = HOME.resolve("run");
		if (Files.isDirectory(run)) {
			try (Stream<Path> files = Files.list(run)) {
				for (Path file : files.filter((f) -> f.toString().endsWith(".pid")).toList()) {
					String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
					pids.put(name, Long.parseLong(Files.readString(file).strip()));
				}
			}
		}
		return pids;
	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private static Result kolejka(Duration timeout, String... args) {
		List<String> command = new ArrayList<>();
		command.add(REPO.resolve("kolejka").toString());
		command.addAll(List.of(args));
		return run(timeout, String.join("-", args), command.toArray(String[]::new));
	}

	/**
	 * Runs a command in the repository root with the launcher's environment, its output
	 * in a file.
	 */
	private static Result run(Duration timeout, String label, String... command) {
		Path output = OUTPUT_DIR.resolve("%02d-%s.txt".formatted(STEP.incrementAndGet(), label));
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(ENV);
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor();
				fail("%s did not finish within %s%n%s", String.join(" ", command), timeout, Files.readString(output));
			}
			return new Result(String.join(" ", command), process.exitValue(), Files.readString(output), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	private record Result(String command, int exitCode, String output, Path file) {

		String describe() {
			return "%s exited with %d (output in %s):%n%s".formatted(this.command, this.exitCode, this.file,
					this.output);
		}

	}

	/** Free loopback ports, held until all are chosen so that no two are the same. */
	private static final class PortReservation implements AutoCloseable {

		private final List<ServerSocket> held = new ArrayList<>();

		String next() throws IOException {
			return String.valueOf(hold(0).getLocalPort());
		}

		/**
		 * A free port whose successor is free too (worker-1 and worker-2 use base and
		 * base + 1).
		 */
		String nextPair() throws IOException {
			for (int attempt = 0; attempt < 100; attempt++) {
				ServerSocket first = hold(0);
				if (first.getLocalPort() == 65535) {
					continue;
				}
				try {
					hold(first.getLocalPort() + 1);
					return String.valueOf(first.getLocalPort());
				}
				catch (IOException busy) {
					// try another base
				}
			}
			throw new IOException("no two consecutive free ports found");
		}

		private ServerSocket hold(int port) throws IOException {
			ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
			this.held.add(socket);
			return socket;
		}

		@Override
		public void close() throws IOException {
			for (ServerSocket socket : this.held) {
				socket.close();
			}
		}

	}

}
