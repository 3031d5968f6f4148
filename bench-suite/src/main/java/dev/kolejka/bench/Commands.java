package dev.kolejka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the suite's external commands with a deadline, each with its output in a log file
 * of its own under the run's directory, so a failure can be read afterwards.
 */
final class Commands {

	private final Path logs;

	private final Path workDir;

	private final Map<String, String> env;

	private final AtomicInteger step = new AtomicInteger();

	Commands(Path logs, Path workDir, Map<String, String> env) {
		this.logs = logs;
		this.workDir = workDir;
		this.env = env;
	}

	/** Runs a command to its end and answers its output; fails when it fails. */
	String run(String label, Duration timeout, List<String> command) {
		Result result = attempt(label, timeout, command);
		if (result.exitCode() != 0) {
			throw new IllegalStateException("%s exited with %d (log %s): %s".formatted(String.join(" ", command),
					result.exitCode(), result.log(), tail(result.output())));
		}
		return result.output();
	}

	/** Runs a command to its end and answers its exit code and output. */
	Result attempt(String label, Duration timeout, List<String> command) {
		Path log = this.logs.resolve("%03d-%s.log".formatted(this.step.incrementAndGet(), label));
		try {
			Files.createDirectories(this.logs);
			Process process = start(command, log);
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly().waitFor();
				throw new IllegalStateException(
						"%s did not finish within %s (log %s)".formatted(String.join(" ", command), timeout, log));
			}
			return new Result(process.exitValue(), Files.readString(log), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + command, ex);
		}
	}

	/**
	 * Starts a long-running command with its output in a log file; the caller stops it.
	 */
	Process spawn(String label, List<String> command) {
		try {
			Files.createDirectories(this.logs);
			return start(command, this.logs.resolve("%03d-%s.log".formatted(this.step.incrementAndGet(), label)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Process start(List<String> command, Path log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().putAll(this.env);
		return builder.start();
	}

	static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String tail(String output) {
		String trimmed = output.strip();
		return trimmed.length() <= 2000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 2000);
	}

	record Result(int exitCode, String output, Path log) {
	}

}
