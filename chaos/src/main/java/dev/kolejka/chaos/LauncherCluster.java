package dev.kolejka.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The stack {@code ./kolejka up} started: pids from {@code $KOLEJKA_HOME/run}, and a
 * restart is {@code ./kolejka up} again, which starts whatever is not running and waits
 * until it is healthy. Victims are the broker, the API and every worker but the first,
 * the witness.
 */
final class LauncherCluster implements Cluster {

	private final Path root;

	private final Path home;

	private final int apiPort;

	private final int kafkaPort;

	LauncherCluster(Path root, Path home, int apiPort, int kafkaPort) {
		this.root = root;
		this.home = home;
		this.apiPort = apiPort;
		this.kafkaPort = kafkaPort;
	}

	@Override
	public String apiUrl() {
		return "http://127.0.0.1:" + this.apiPort;
	}

	@Override
	public String apiKey() {
		try {
			return Files.readString(this.home.resolve("api-key")).strip();
		}
		catch (IOException ex) {
			return "";
		}
	}

	@Override
	public String bootstrapServers() {
		return "127.0.0.1:" + this.kafkaPort;
	}

	@Override
	public String topicPrefix() {
		return dev.kolejka.topic.Topics.DEFAULT_PREFIX;
	}

	@Override
	public List<Target> victims() {
		var victims = new ArrayList<Target>();
		victims.add(new Target("kafka", Role.BROKER));
		victims.add(new Target("api", Role.API));
		workers().stream()
			.filter((name) -> !name.equals(witness()))
			.forEach((name) -> victims.add(new Target(name, Role.WORKER)));
		return victims;
	}

	@Override
	public String witness() {
		return "worker-1";
	}

	@Override
	public List<String> workers() {
		try (Stream<Path> files = Files.list(this.home.resolve("run"))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.startsWith("worker-") && name.endsWith(".pid"))
				.map((name) -> name.substring(0, name.length() - ".pid".length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public OptionalLong pid(String name) {
		try {
			long pid = Long.parseLong(Files.readString(this.home.resolve("run").resolve(name + ".pid")).strip());
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.map((process) -> OptionalLong.of(pid))
				.orElse(OptionalLong.empty());
		}
		catch (IOException | NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	@Override
	public long apiPid() {
		return pid("api").orElse(-1);
	}

	@Override
	public void kill(Target target) throws InterruptedException {
		signal(target, true);
	}

	@Override
	public void terminate(Target target) throws InterruptedException {
		signal(target, false);
	}

	private void signal(Target target, boolean force) throws InterruptedException {
		ProcessHandle process = ProcessHandle.of(pid(target.name()).orElse(-1)).orElse(null);
		if (process == null) {
			return;
		}
		if (force) {
			process.destroyForcibly();
		}
		else {
			process.destroy();
		}
		// the launcher gives SIGTERM 40 s before SIGKILL; a drain may take the shutdown
		// grace
		if (!waitForExit(process, 60)) {
			process.destroyForcibly();
			waitForExit(process, 30);
			if (!force) {
				throw new IllegalStateException(target.name() + " did not stop within 60 s of SIGTERM");
			}
		}
	}

	private static boolean waitForExit(ProcessHandle process, int seconds) throws InterruptedException {
		try {
			process.onExit().get(seconds, TimeUnit.SECONDS);
			return true;
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			return !process.isAlive();
		}
	}

	@Override
	public void restart(Target target) throws InterruptedException {
		Path log = this.home.resolve("logs").resolve("chaos-up.log");
		var up = new ProcessBuilder(this.root.resolve("kolejka").toString(), "up").directory(this.root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		up.environment().put("KOLEJKA_SKIP_BUILD", "1");
		up.environment().put("KOLEJKA_WORKERS", Integer.toString(workers().size()));
		try {
			Process process = up.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("./kolejka up did not finish in 5 minutes (see " + log + ")");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"./kolejka up failed bringing back " + target.name() + " (see " + log + ")");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
