package dev.kolejka.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Optional JFR recordings of the API and a worker over the whole measured run
 * ({@code KOLEJKA_BENCH_JFR=1}): {@code jcmd PID JFR.start} with the {@code profile}
 * settings, stopped (and written) at the end. The run's phase times in
 * {@code report.json} tell which samples belong to which workload.
 */
final class Profiler implements AutoCloseable {

	private final Commands commands;

	private final Map<String, Long> pids;

	private final Path dir;

	private final String jcmd = System.getProperty("java.home") + "/bin/jcmd";

	Profiler(Commands commands, Map<String, Long> pids, Path dir) {
		this.commands = commands;
		this.pids = pids;
		this.dir = dir;
		try {
			java.nio.file.Files.createDirectories(dir);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.pids.forEach((name, pid) -> this.commands.run("jfr-start-" + name, Duration.ofMinutes(1),
				List.of(this.jcmd, String.valueOf(pid), "JFR.start", "name=bench", "settings=profile",
						"filename=" + this.dir.resolve(name + ".jfr"))));
	}

	@Override
	public void close() {
		this.pids.forEach((name, pid) -> this.commands.attempt("jfr-stop-" + name, Duration.ofMinutes(2),
				List.of(this.jcmd, String.valueOf(pid), "JFR.stop", "name=bench")));
	}

}
