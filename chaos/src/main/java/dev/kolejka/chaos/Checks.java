package dev.kolejka.chaos;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.kolejka.job.JobEvent;

/**
 * The checks at the end of a soak, once every process is back and the workload has
 * stopped: terminal states, exact counters, no rerun after a graceful handoff, no leaked
 * thread, child JVM or waiter, and the heap back where it started.
 */
final class Checks {

	private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

	private final Cluster cluster;

	private final Api api;

	private final Ledger ledger;

	private final Probe probe;

	private final List<String> violations = new ArrayList<>();

	private final List<String> figures = new ArrayList<>();

	Checks(Cluster cluster, Api api, Ledger ledger, Probe probe) {
		this.cluster = cluster;
		this.api = api;
		this.ledger = ledger;
		this.probe = probe;
	}

	private static final long HEAP_SLACK_BYTES = 4L << 20;

	Report report(Baseline baseline, String counter, Duration drain) throws InterruptedException {
		Map<String, String> states = awaitTerminal(drain);
		int lost = (int) states.values().stream().filter("LOST"::equals).count();
		int stuck = (int) states.values()
			.stream()
			.filter((state) -> !TERMINAL.contains(state) && !"LOST".equals(state))
			.count();
		check(this.ledger.problems.isEmpty(), "faults that did not go as planned: " + this.ledger.problems);
		check(lost == 0, lost + " accepted jobs lost");
		check(stuck == 0,
				stuck + " accepted jobs not terminal: "
						+ states.entrySet()
							.stream()
							.filter((entry) -> !TERMINAL.contains(entry.getValue()))
							.limit(10)
							.map(Map.Entry::toString)
							.collect(Collectors.joining(", ")));
		Map<String, List<JobEvent.Succeeded>> successes = Successes.of(this.cluster.bootstrapServers(),
				this.cluster.topicPrefix(),
				this.ledger.jobs.stream().map(Ledger.Accepted::id).collect(Collectors.toSet()));
		if (stuck > 0) {
			// tells a worker that never ran them from a status view that never saw them
			// run
			long ran = states.entrySet()
				.stream()
				.filter((entry) -> !TERMINAL.contains(entry.getValue()) && successes.containsKey(entry.getKey()))
				.count();
			this.figures
				.add("of the " + stuck + " jobs not terminal, " + ran + " have a Succeeded event on job-events");
		}
		long doubleCounted = counters(states, counter);
		reruns(successes);
		children();
		leaks(baseline);
		var histogram = new TreeMap<String, Integer>();
		this.ledger.jobs.forEach((job) -> histogram.merge(job.kind() + ":" + states.get(job.id()), 1, Integer::sum));
		this.figures.add("final states by kind: " + histogram);
		var byState = new TreeMap<String, Integer>();
		states.values().forEach((state) -> byState.merge(state, 1, Integer::sum));
		return new Report(this.ledger.jobs.size(), this.ledger.faultsInjected(), this.ledger.faults.size(), lost, stuck,
				doubleCounted, byState, List.copyOf(this.violations), List.copyOf(this.figures));
	}

	/**
	 * Waits while jobs keep ending: {@code drain} is the longest stretch without one job
	 * turning terminal (a stuck job ends nothing), and ten of them the most the whole
	 * wait may take. A fixed window counted the backlog an overloaded machine was still
	 * working through as stuck: in a 10-minute run on two cores, 1,993 jobs were "not
	 * terminal" at the end of a 90 s drain, and none three and a half minutes later.
	 */
	private Map<String, String> awaitTerminal(Duration drain) throws InterruptedException {
		var states = new HashMap<String, String>();
		this.ledger.jobs.forEach((job) -> states.put(job.id(), "UNKNOWN"));
		Instant start = Instant.now();
		Instant cap = start.plus(drain.multipliedBy(10));
		Instant progressed = start;
		long ended = 0;
		while (true) {
			for (var entry : states.entrySet()) {
				if (!TERMINAL.contains(entry.getValue())) {
					entry.setValue(state(entry.getKey()));
				}
			}
			long nowEnded = states.values().stream().filter(TERMINAL::contains).count();
			Instant now = Instant.now();
			if (nowEnded > ended) {
				ended = nowEnded;
				progressed = now;
			}
			String ending = (nowEnded == states.size()) ? "every job was terminal" : now.isAfter(cap) ? "its cap"
					: now.isAfter(progressed.plus(drain)) ? "no job had ended for " + drain.toSeconds() + " s" : null;
			if (ending != null) {
				this.figures.add("drain: " + Duration.between(start, now).toSeconds() + " s until " + ending);
				return states;
			}
			Thread.sleep(1000);
		}
	}

	private String state(String id) throws InterruptedException {
		try {
			Api.Reply reply = this.api.get("/api/v1/jobs/" + id, Duration.ofSeconds(10));
			return switch (reply.status()) {
				case 200 -> reply.text("/state");
				case 404 -> "LOST";
				default -> "UNKNOWN";
			};
		}
		catch (IOException ex) {
			return "UNKNOWN";
		}
	}

	/** Counter value against the sum of its succeeded jobs; how far above it is. */
	private long counters(Map<String, String> states, String counter) throws InterruptedException {
		long expected = this.ledger.jobs.stream()
			.filter((job) -> counter.equals(job.counter()) && "SUCCEEDED".equals(states.get(job.id())))
			.mapToLong(Ledger.Accepted::by)
			.sum();
		long value = -1;
		// the counter view folds job-events: give it a moment to catch up
		for (int i = 0; i < 30 && value != expected; i++) {
			try {
				Api.Reply reply = this.api.get("/api/v1/counters/" + counter, Duration.ofSeconds(10));
				value = (reply.status() == 200) ? Long.parseLong(reply.text("/value")) : 0;
			}
			catch (IOException | NumberFormatException ex) {
				value = -1;
			}
			if (value != expected) {
				Thread.sleep(1000);
			}
		}
		this.figures.add("counter " + counter + ": " + value + ", succeeded count jobs add up to " + expected);
		check(value == expected,
				"counter " + counter + " is " + value + " but its succeeded jobs add up to " + expected);
		return Math.max(0, value - expected);
	}

	/** A job that succeeded on a worker which then left gracefully must not run again. */
	private void reruns(Map<String, List<JobEvent.Succeeded>> successes) {
		int reruns = 0;
		var afterGraceful = new ArrayList<String>();
		for (var entry : successes.entrySet()) {
			if (entry.getValue().size() < 2) {
				continue;
			}
			reruns++;
			JobEvent.Succeeded first = entry.getValue()
				.stream()
				.min(Comparator.comparing(JobEvent.Succeeded::at))
				.orElseThrow();
			Ledger.Fault next = this.ledger.faults.stream()
				.filter((fault) -> fault.target().equals(first.execution().workerId())
						&& fault.at().isAfter(first.at()))
				.min(Comparator.comparing(Ledger.Fault::at))
				.orElse(null);
			boolean brokerDown = next != null && this.ledger.faults.stream()
				.anyMatch((fault) -> fault.role() == Cluster.Role.BROKER && fault.restoredAt().isAfter(first.at())
						&& fault.at().isBefore(next.restoredAt()));
			if (next != null && next.graceful() && !brokerDown) {
				JobEvent.Succeeded again = entry.getValue()
					.stream()
					.filter((succeeded) -> succeeded != first)
					.min(Comparator.comparing(JobEvent.Succeeded::at))
					.orElseThrow();
				afterGraceful.add(entry.getKey() + " (first on " + first.execution().workerId() + " at " + first.at()
						+ ", SIGTERM at " + next.at() + ", again on " + again.execution().workerId() + " at "
						+ again.at() + ")");
			}
		}
		this.figures.add("jobs that succeeded more than once: " + reruns + " (allowed after kill -9), of them after a"
				+ " graceful handoff: " + afterGraceful.size());
		check(afterGraceful.isEmpty(), afterGraceful.size() + " jobs ran again after a graceful handoff: "
				+ afterGraceful.stream().limit(5).toList());
	}

	/** No child JVM of a downed worker outlives it. */
	private void children() throws InterruptedException {
		List<Long> orphans = List.of();
		// a child notices its parent's death when its pipe closes: allow it a few seconds
		for (int i = 0; i < 30; i++) {
			orphans = this.ledger.childrenOfDowned.values()
				.stream()
				.flatMap(List::stream)
				.filter((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
				.toList();
			Set<Long> downed = this.ledger.childrenOfDowned.keySet();
			var adopted = ProcessHandle.allProcesses()
				.filter((process) -> process.parent().map((parent) -> downed.contains(parent.pid())).orElse(false))
				.map(ProcessHandle::pid)
				.toList();
			orphans = new ArrayList<>(orphans);
			orphans.addAll(adopted);
			if (orphans.isEmpty()) {
				break;
			}
			Thread.sleep(1000);
		}
		int had = this.ledger.childrenOfDowned.values().stream().mapToInt(List::size).sum();
		this.figures.add("child processes of downed workers: " + had + ", still alive: " + orphans.size());
		check(orphans.isEmpty(), "child processes outlived their worker: " + orphans);
	}

	private void leaks(Baseline before) {
		long witness = this.cluster.pid(this.cluster.witness()).orElse(-1);
		check(witness == before.witnessPid(), "the witness worker is not the process measured at the start");
		if (witness != before.witnessPid()) {
			return;
		}
		int threads = this.probe.threads(witness);
		this.figures
			.add("witness worker threads: " + before.witnessThreads() + " at the start, " + threads + " at the end");
		check(threads <= before.witnessThreads() * 1.1 + 2,
				"witness worker threads grew from " + before.witnessThreads() + " to " + threads);
		heap("witness worker", before.witnessHeap(), this.probe.heapAfterGc(witness));
		if (this.cluster.apiPid() != before.apiPid()) {
			this.figures.add("the API was restarted: its heap and waiters are not compared");
			return;
		}
		heap("API", before.apiHeap(), this.probe.heapAfterGc(before.apiPid()));
		long futures = this.probe.instances(before.apiPid(), Baseline.FUTURE);
		this.figures.add("API live CompletableFutures (long-poll waiters among them): " + before.apiFutures()
				+ " at the start, " + futures + " at the end");
		check(futures <= before.apiFutures() * 1.1 + 50,
				"API CompletableFutures grew from " + before.apiFutures() + " to " + futures + ": waiters leak");
	}

	private void heap(String what, long start, long end) {
		this.figures.add("%s heap after GC: %.1f MB at the start, %.1f MB at the end (%+.1f %%)".formatted(what,
				start / 1e6, end / 1e6, (end - start) * 100.0 / start));
		// 10 %, but never less than 4 MB: a 28 MB worker heap moves by 3 MB with the
		// partitions it
		// holds at the moment (fetch buffers, Kafka metadata), which a leak over a soak
		// dwarfs
		check(end <= Math.max(start * 1.1, start + HEAP_SLACK_BYTES), what + " heap after GC grew more than 10 % (and "
				+ HEAP_SLACK_BYTES / (1 << 20) + " MB): " + start + " -> " + end + " bytes");
	}

	private void check(boolean ok, String violation) {
		if (!ok) {
			this.violations.add(violation);
		}
	}

}
