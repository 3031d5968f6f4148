package dev.kolejka.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of each process group over one measured window. Children that exit during the
 * window lose their time (they are no longer in /proc): the workloads keep their child
 * JVMs alive, so this only matters for a crash.
 */
final class CpuMeter {

	private final List<ProcessGroup> groups;

	private final Map<String, Long> start = new LinkedHashMap<>();

	private final long startNanos;

	private CpuMeter(List<ProcessGroup> groups) {
		this.groups = groups;
		for (ProcessGroup group : groups) {
			this.start.put(group.name(), group.cpuMicros());
		}
		this.startNanos = System.nanoTime();
	}

	static CpuMeter start(List<ProcessGroup> groups) {
		return new CpuMeter(groups);
	}

	/** Microseconds of CPU used by each group since the start, and the wall time. */
	Usage stop() {
		Map<String, Long> used = new LinkedHashMap<>();
		for (ProcessGroup group : this.groups) {
			used.put(group.name(), group.cpuMicros() - this.start.get(group.name()));
		}
		return new Usage(used, (System.nanoTime() - this.startNanos) / 1000);
	}

	record Usage(Map<String, Long> micros, long wallMicros) {

		double perJob(String group, long jobs) {
			return (double) this.micros.getOrDefault(group, 0L) / jobs;
		}

		double totalPerJob(long jobs) {
			return (double) this.micros.values().stream().mapToLong(Long::longValue).sum() / jobs;
		}

		/** Percent of one core used by a group over the window. */
		double percentOfCore(String group) {
			return 100.0 * this.micros.getOrDefault(group, 0L) / this.wallMicros;
		}

	}

}
