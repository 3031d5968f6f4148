package dev.kolejka.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.kolejka.testing.KafkaFixture;

/**
 * A worker as its own OS process, started from the packaged jar as {@code ./kolejka up}
 * starts it, so a test can {@code kill -9} it or send it SIGTERM.
 */
final class WorkerProcess implements AutoCloseable {

	private static final Path JAR = Path.of("..", "worker-service", "target",
			"kolejka-worker-service-0.1.0-SNAPSHOT-exec.jar");

	/**
	 * The jar extracted as {@code ./kolejka up} runs it: a plain class path, which class
	 * data sharing needs (the worker's own archive, and its process pool's children's).
	 */
	private static final Path EXTRACTED = Path.of("target", "worker-app");

	/**
	 * Ids started in this JVM: a worker restarted with the same id appends to its log, so
	 * the log of the process that was killed is still there to read.
	 */
	private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

	private static final Set<Path> EXTRACTED_ONCE = ConcurrentHashMap.newKeySet();

	private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

	private final Process process;

	private final Path log;

	WorkerProcess(String id, String topicPrefix, String... properties) {
		this.log = Path.of("target", "worker-process-" + id + ".log");
		Path jar = extracted();
		var command = new ArrayList<>(
				List.of(JAVA, "-Xmx256m", "-XX:SharedArchiveFile=" + jar.resolveSibling("app.jsa").toAbsolutePath(),
						"-Xlog:cds=off", "-Xlog:cds+dynamic=off", "--enable-native-access=ALL-UNNAMED",
						"--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "-jar", jar.toAbsolutePath().toString(),
						"--server.port=0", "--kolejka.worker.id=" + id, "--kolejka.topics.prefix=" + topicPrefix,
						"--spring.kafka.bootstrap-servers=" + KafkaFixture.bootstrapServers()));
		for (String property : properties) {
			command.add("--" + property);
		}
		try {
			Files.createDirectories(this.log.getParent());
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(STARTED.add(id) ? ProcessBuilder.Redirect.to(this.log.toFile())
						: ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Extracts the worker's jar once per test JVM. */
	private static synchronized Path extracted() {
		Path jar = EXTRACTED.resolve(JAR.getFileName());
		if (EXTRACTED_ONCE.add(JAR)) {
			try {
				Process extract = new ProcessBuilder(JAVA, "-Djarmode=tools", "-jar", JAR.toAbsolutePath().toString(),
						"extract", "--force", "--destination", EXTRACTED.toAbsolutePath().toString())
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0 || !Files.isRegularFile(jar)) {
					throw new IllegalStateException("Could not extract " + JAR + " into " + EXTRACTED);
				}
				train(jar);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return jar;
	}

	/**
	 * The class-data archive every worker here starts from, made as {@code ./kolejka up}
	 * makes it: one run that exits as its context is refreshed. Without it (a failed run)
	 * workers start as before.
	 */
	private static void train(Path jar) throws IOException, InterruptedException {
		Path archive = jar.resolveSibling("app.jsa");
		Files.deleteIfExists(archive);
		Process training = new ProcessBuilder(JAVA, "-Xmx256m", "-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath(),
				"-Xlog:cds=off", "-Xlog:cds+dynamic=off", "--enable-native-access=ALL-UNNAMED",
				"--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "-Dspring.context.exit=onRefresh", "-jar",
				jar.toAbsolutePath().toString(), "--spring.kafka.bootstrap-servers=127.0.0.1:1",
				"--spring.kafka.admin.auto-create=false", "--kolejka.worker.pools.process.enabled=false")
			.redirectErrorStream(true)
			.redirectOutput(jar.resolveSibling("training.log").toFile())
			.start();
		if (!training.waitFor(3, TimeUnit.MINUTES)) {
			training.destroyForcibly();
		}
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** {@code kill -9}: no shutdown hook, no commit, no goodbye to the group. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM, then wait for the worker to drain and exit; the time it took. */
	Duration terminate(Duration wait) throws InterruptedException {
		long start = System.nanoTime();
		this.process.destroy();
		if (!this.process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("Worker " + pid() + " did not stop within " + wait + "; see " + this.log);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
