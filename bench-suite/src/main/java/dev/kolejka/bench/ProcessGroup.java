package dev.kolejka.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A named set of processes measured together, e.g. a worker and its child JVMs. The roots
 * are looked up each time (a restarted child has a new pid); descendants are included.
 */
record ProcessGroup(String name, Supplier<List<Long>> roots) {

	static ProcessGroup of(String name, long pid) {
		return new ProcessGroup(name, () -> List.of(pid));
	}

	List<Long> pids() {
		List<Long> pids = new ArrayList<>();
		for (long root : this.roots.get()) {
			pids.add(root);
			pids.addAll(Procs.descendants(root));
		}
		return pids;
	}

	long cpuMicros() {
		return pids().stream().mapToLong(Procs::cpuMicros).sum();
	}

	long rssBytes() {
		return pids().stream().mapToLong(Procs::rssBytes).sum();
	}

}
