package dev.kolejka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code /proc} tells about a process: CPU time (user + system, from
 * {@code /proc/PID/stat}), resident memory and descendants. A process that has exited
 * reads as zero, so a group keeps working while children come and go.
 */
final class Procs {

	private static final long TICKS_PER_SECOND = ticksPerSecond();

	private Procs() {
	}

	/** CPU time of one process in microseconds; zero when it is gone. */
	static long cpuMicros(long pid) {
		String[] fields = statFields(pid);
		if (fields.length == 0) {
			return 0;
		}
		// fields after the command: index 11 = utime, 12 = stime (state is index 0)
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return ticks * 1_000_000L / TICKS_PER_SECOND;
	}

	/** Resident set size in bytes; zero when the process is gone. */
	static long rssBytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
			return 0;
		}
		catch (IOException gone) {
			return 0;
		}
	}

	/** Every live descendant of a process (children, grandchildren, ...). */
	static List<Long> descendants(long pid) {
		List<Long> found = new ArrayList<>();
		List<long[]> parents = new ArrayList<>();
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			for (Path entry : entries.toList()) {
				String name = entry.getFileName().toString();
				if (name.chars().allMatch(Character::isDigit)) {
					String[] fields = statFields(Long.parseLong(name));
					if (fields.length > 1) {
						parents.add(new long[] { Long.parseLong(name), Long.parseLong(fields[1]) });
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Long> frontier = List.of(pid);
		while (!frontier.isEmpty()) {
			List<Long> next = new ArrayList<>();
			for (long[] pair : parents) {
				if (frontier.contains(pair[1])) {
					next.add(pair[0]);
				}
			}
			found.addAll(next);
			frontier = next;
		}
		return found;
	}

	static boolean alive(long pid) {
		return statFields(pid).length > 0;
	}

	/** The fields of /proc/PID/stat after the command name, or none. */
	private static String[] statFields(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command name may contain spaces and parentheses: cut after the last ')'
			return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		}
		catch (IOException | RuntimeException gone) {
			return new String[0];
		}
	}

	private static long ticksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes()).strip();
			return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

}
