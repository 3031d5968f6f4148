package dev.kolejka.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks inside a running JVM from outside with {@code jcmd}, the same way for a worker
 * process, the launcher's API and the test's own JVM: the heap after a full GC, the
 * platform threads, and the live instances of one class.
 */
final class Probe {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private final String jcmd;

	Probe() {
		Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
		Path sibling = java.resolveSibling("jcmd");
		this.jcmd = Files.isExecutable(sibling) ? sibling.toString() : "jcmd";
	}

	/**
	 * Bytes of heap in use right after a full GC ({@code GC.run}, then
	 * {@code GC.heap_info}).
	 */
	long heapAfterGc(long pid) {
		run(pid, "GC.run");
		Matcher used = HEAP_USED.matcher(run(pid, "GC.heap_info"));
		if (!used.find()) {
			throw new IllegalStateException("No heap figure from jcmd " + pid + " GC.heap_info");
		}
		return Long.parseLong(used.group(1)) * 1024;
	}

	/** Platform threads ({@code Thread.print} lists each with its name in quotes). */
	int threads(long pid) {
		return (int) run(pid, "Thread.print").lines().filter((line) -> line.startsWith("\"")).count();
	}

	/**
	 * Live instances of a class, from {@code GC.class_histogram} (which collects first,
	 * so garbage does not count).
	 */
	long instances(long pid, String className) {
		Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "(\\s|$)");
		return run(pid, "GC.class_histogram").lines()
			.map(row::matcher)
			.filter(Matcher::find)
			.mapToLong((match) -> Long.parseLong(match.group(1)))
			.sum();
	}

	private String run(long pid, String command) {
		try {
			Path output = Files.createTempFile("kolejka-jcmd", ".txt");
			try {
				Process process = new ProcessBuilder(List.of(this.jcmd, Long.toString(pid), command))
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException("jcmd " + pid + " " + command + " did not answer in 60 s");
				}
				String text = Files.readString(output, StandardCharsets.UTF_8);
				if (process.exitValue() != 0) {
					throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + text);
				}
				return text;
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run jcmd", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running jcmd", ex);
		}
	}

}
