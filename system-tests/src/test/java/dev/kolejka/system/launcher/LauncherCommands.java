package dev.kolejka.system.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code ./kolejka} (and {@code curl}) as a user would, from the repository root,
 * with the launcher's state in a folder of the test's own and its ports on free loopback
 * ports; each command's output goes to a numbered file.
 */
final class LauncherCommands {

	static final Path MODULE_DIR = Path.of("").toAbsolutePath();

	static final Path REPO = MODULE_DIR.getParent();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path home;

	private final Path outputDir;

	private final Map<String, String> env = new HashMap<>();

	private final AtomicInteger step = new AtomicInteger();

	LauncherCommands(Path home, Path outputDir) {
		this.home = home;
		this.outputDir = outputDir;
		this.env.put("KOLEJKA_HOME", home.toString());
		this.env.put("KOLEJKA_WORKERS", "2");
		// maven packaged everything before the integration tests
		this.env.put("KOLEJKA_SKIP_BUILD", "1");
		this.env.put("JAVA_HOME", System.getProperty("java.home"));
		// a JVM may take over 90 s to start on a shared 2-core machine running other
		// builds
		this.env.put("KOLEJKA_START_TIMEOUT", "150");
	}

	/** Chooses the ports and empties the output folder. */
	void prepare() throws IOException {
		try (var ports = new PortReservation()) {
			this.env.put("KOLEJKA_KAFKA_PORT", ports.next());
			this.env.put("KOLEJKA_CONTROLLER_PORT", ports.next());
			this.env.put("KOLEJKA_API_PORT", ports.next());
			this.env.put("KOLEJKA_API_MANAGEMENT_PORT", ports.next());
			this.env.put("KOLEJKA_WORKER_MANAGEMENT_BASE_PORT", ports.nextPair());
		}
		deleteRecursively(this.outputDir);
		Files.createDirectories(this.outputDir);
	}

	int port(String variable) {
		return Integer.parseInt(this.env.get(variable));
	}

	Result kolejka(Duration timeout, String... args) {
		List<String> command = new ArrayList<>();
		command.add(REPO.resolve("kolejka").toString());
		command.addAll(List.of(args));
		return run(timeout, String.join("-", args), command.toArray(String[]::new));
	}

	/**
	 * Runs a command in the repository root with the launcher's environment, its output
	 * in a file.
	 */
	Result run(Duration timeout, String label, String... command) {
		Path output = this.outputDir.resolve("%02d-%s.txt".formatted(this.step.incrementAndGet(), label));
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(this.env);
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

	String submitWordLengths(String apiKey) {
		Result submit = run(Duration.ofSeconds(30), "submit", "curl", "-sS", "-w", "\n%{http_code}", "-X", "POST",
				"http://127.0.0.1:" + port("KOLEJKA_API_PORT") + "/api/v1/jobs", "-H", "Content-Type: application/json",
				"-H", "Authorization: Bearer " + apiKey, "-d",
				"{\"task\":\"word-lengths\",\"args\":{\"text\":\"How I wish I could calculate pi\"}}");
		assertThat(submit.exitCode()).as(submit::describe).isZero();
		String output = submit.output().strip();
		String body = output.substring(0, output.lastIndexOf('\n'));
		assertThat(output.substring(output.lastIndexOf('\n') + 1)).as(submit::describe).isEqualTo("202");
		JsonNode job = JSON.readTree(body);
		assertThat(job.hasNonNull("id")).as(submit::describe).isTrue();
		return job.get("id").asString();
	}

	JsonNode job(String apiKey, String id) {
		Result get = run(Duration.ofSeconds(45), "job", "curl", "-sS", "-f", "-H", "Authorization: Bearer " + apiKey,
				"http://127.0.0.1:" + port("KOLEJKA_API_PORT") + "/api/v1/jobs/" + id + "?waitSeconds=30");
		assertThat(get.exitCode()).as(get::describe).isZero();
		return JSON.readTree(get.output());
	}

	Map<String, Long> recordedPids() throws IOException {
		Map<String, Long> pids = new TreeMap<>();
		Path run = this.home.resolve("run");
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

	static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	static void deleteRecursively(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	record Result(String command, int exitCode, String output, Path file) {

		String describe() {
			return "%s exited with %d (output in %s):%n%s".formatted(this.command, this.exitCode, this.file,
					this.output);
		}

	}

}
