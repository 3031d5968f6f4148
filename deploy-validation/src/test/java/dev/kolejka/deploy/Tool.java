package dev.kolejka.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the checks run: found on {@code PATH} or the test fails saying how
 * to install it. A missing tool never lets a check pass: {@code .ci/run} installs the
 * Debian ones ({@code docker-compose}, {@code prometheus} for promtool) and the machine
 * image brings {@code kubectl}.
 */
record Tool(String name, Path executable) {

	static final Duration TIMEOUT = Duration.ofSeconds(120);

	/** The repository's root: the module runs from {@code deploy-validation/}. */
	static final Path REPO = Path.of("..").toAbsolutePath().normalize();

	static Tool require(String name, String howToInstall) {
		return find(name).map((path) -> new Tool(name, path))
			.orElseThrow(() -> new AssertionError(name
					+ " is not installed, so this check cannot run (it never passes without it): " + howToInstall));
	}

	static Tool dockerCompose() {
		return require("docker-compose",
				"apt-get install -y --no-install-recommends docker-compose (Debian's 1.29; .ci/run does this)");
	}

	static Tool promtool() {
		return require("promtool", "apt-get install -y --no-install-recommends prometheus (.ci/run does this)");
	}

	static Tool kubectl() {
		return require("kubectl",
				"install kubectl 1.32 or later (its built-in Kustomize 5 renders k8s/); Debian's kubernetes-client 1.20 is too old");
	}

	private static Optional<Path> find(String name) {
		return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((dir) -> !dir.isBlank())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** Runs the tool in {@code dir}; stdout and stderr together. */
	Result run(Path dir, String... args) {
		var command = new ArrayList<String>();
		command.add(this.executable.toString());
		command.addAll(List.of(args));
		try {
			Path output = Files.createTempFile("kolejka-" + this.name, ".out");
			try {
				Process process = new ProcessBuilder(command).directory(dir.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT);
				}
				return new Result(String.join(" ", command), process.exitValue(),
						Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while running " + command, ex);
		}
	}

	record Result(String command, int exitCode, String output) {

		@Override
		public String toString() {
			return "`" + this.command + "` exited " + this.exitCode + ":\n" + this.output;
		}

	}

}
