package dev.kolejka.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kolejka.bench.Row.Better.LOWER;

/**
 * What running costs besides throughput: CPU and memory at rest, memory under load, and
 * the memory of item 4 (a worker under a deep backlog, the API's heap with many retained
 * jobs).
 */
final class Costs {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private final Peers peers;

	private final Report report;

	Costs(Peers peers, Report report) {
		this.peers = peers;
		this.report = report;
	}

	void atRest() {
		List<ProcessGroup> all = all();
		CpuMeter meter = CpuMeter.start(all);
		Workloads.pause(this.peers.sizes().rest());
		CpuMeter.Usage usage = meter.stop();
		Map<String, Double> percent = new LinkedHashMap<>();
		all.forEach((group) -> percent.put(group.name(), usage.percentOfCore(group.name())));
		this.report.detail("cpuAtRestPercentOfCore", percent);
		double services = percent.get("kolejka-api") + sum(percent, Peers.KOLEJKA_WORKERS);
		Cell celeryWorkers = celery(() -> sum(percent, List.of("celery-prefork", "celery-threads")));
		String window = this.peers.sizes().rest().toSeconds() + " s, nothing submitted";
		this.report.add(new Row("rest-cpu-services", "CPU at rest: API + workers + children (Celery: both workers)",
				"% of a core", LOWER, Cell.of(services), Cell.notApplicable(), celeryWorkers, window));
		this.report.add(new Row("rest-cpu-broker", "CPU at rest: broker (Kafka: bare broker; Celery: Redis)",
				"% of a core", LOWER, Cell.of(percent.get("kolejka-broker")), Cell.of(percent.get("kafka-broker")),
				celery(() -> percent.get("redis")), window));
		this.report.add(new Row("rest-cpu-total", "CPU at rest: all server processes", "% of a core", LOWER,
				Cell.of(services + percent.get("kolejka-broker")), Cell.of(percent.get("kafka-broker")),
				celery(() -> sum(percent, List.of("celery-prefork", "celery-threads", "redis"))), window));
		Map<String, Double> rss = new LinkedHashMap<>();
		all.forEach((group) -> rss.put(group.name(), BenchSuite.mib(group.rssBytes())));
		this.report.detail("rssAtRestMiB", rss);
		rssRow("rest-rss", "RSS at rest, all server processes", rss);
	}

	void underLoad(RssSampler sampler) {
		Map<String, Double> rss = new LinkedHashMap<>();
		all().forEach((group) -> rss.put(group.name(), BenchSuite.mib(sampler.peakBytes(group.name()))));
		this.report.detail("rssPeakUnderLoadMiB", rss);
		rssRow("load-rss", "RSS under load, all server processes (sum of each one's peak)", rss);
	}

	void backlog() {
		int backlog = this.peers.sizes().backlog();
		int batchSize = this.peers.sizes().batchSize();
		// finished jobs first: behind the backlog's sleeps they would wait ten minutes
		double heapEmpty = apiHeapMib();
		Outcome<Double> retained = Outcome.of(() -> {
			this.peers.client().batches("noop", "{}", backlog, batchSize, "{}", 4);
			return apiHeapMib();
		});
		this.report.add(new Row("retained-api-heap",
				"API heap after a full GC, with " + backlog + " more finished jobs retained in the status view", "MiB",
				LOWER, retained.cell((v) -> v), Cell.notApplicable(), Cell.notApplicable(),
				"before: %.0f MiB".formatted(heapEmpty)));
		double workerBefore = workerRssMib();
		Double afterFinished = retained.value(); // the heap the backlog starts from
		double heapBefore = (afterFinished != null) ? afterFinished : apiHeapMib();
		int[] queued = { 0 };
		Outcome<Double> worker = Outcome.of(() -> {
			queued[0] = this.peers.client()
				.submit("sleep", "{\"ms\":600000}", backlog, batchSize, "{}", Duration.ofMinutes(3));
			Workloads.pause(Duration.ofSeconds(5));
			return workerRssMib();
		});
		Outcome<Double> heap = Outcome.of(this::apiHeapMib);
		this.report.add(new Row("backlog-worker-rss",
				"worker RSS with a backlog of " + queued[0] + " queued 10-minute sleeps (own JVM, larger of two)",
				"MiB", LOWER, worker.cell((v) -> v), Cell.notApplicable(), Cell.notApplicable(),
				"before: %.0f MiB".formatted(workerBefore)));
		this.report.add(new Row("unfinished-api-heap",
				"API heap after a full GC, with those " + queued[0]
						+ " jobs unfinished (the owner's quota tracks each until it ends)",
				"MiB", LOWER, heap.cell((v) -> v), Cell.notApplicable(), Cell.notApplicable(),
				"before: %.0f MiB".formatted(heapBefore)));
	}

	private double workerRssMib() {
		return this.peers.kolejka()
			.workerNames()
			.stream()
			.mapToDouble((name) -> BenchSuite.mib(Procs.rssBytes(this.peers.kolejka().pid(name))))
			.max()
			.orElseThrow();
	}

	private double apiHeapMib() {
		String jcmd = System.getProperty("java.home") + "/bin/jcmd";
		String pid = String.valueOf(this.peers.kolejka().pid("api"));
		this.peers.commands().run("jcmd-gc", Duration.ofMinutes(2), List.of(jcmd, pid, "GC.run"));
		String info = this.peers.commands().run("jcmd-heap", Duration.ofMinutes(1), List.of(jcmd, pid, "GC.heap_info"));
		Matcher used = HEAP_USED.matcher(info);
		if (!used.find()) {
			throw new IllegalStateException("no heap figure in GC.heap_info: " + Commands.tail(info));
		}
		return Long.parseLong(used.group(1)) / 1024.0;
	}

	private void rssRow(String id, String workload, Map<String, Double> rss) {
		double kolejka = sum(rss, List.of("kolejka-broker", "kolejka-api", "kolejka-worker-1", "kolejka-worker-2"));
		this.report.add(new Row(id, workload, "MiB", LOWER, Cell.of(kolejka), Cell.of(rss.get("kafka-broker")),
				celery(() -> sum(rss, List.of("celery-prefork", "celery-threads", "redis"))),
				"Kolejka: broker %.0f, API %.0f, workers with children %.0f".formatted(rss.get("kolejka-broker"),
						rss.get("kolejka-api"), sum(rss, Peers.KOLEJKA_WORKERS))));
	}

	private Cell celery(java.util.function.Supplier<Double> figure) {
		return (this.peers.celery() != null) ? Cell.of(figure.get()) : this.peers.celeryMissing();
	}

	private List<ProcessGroup> all() {
		List<ProcessGroup> all = new ArrayList<>(this.peers.kolejkaGroups());
		all.addAll(this.peers.kafkaGroups());
		all.addAll(this.peers.celeryGroups());
		return all;
	}

	private static double sum(Map<String, Double> values, List<String> names) {
		return names.stream().mapToDouble((name) -> values.getOrDefault(name, 0.0)).sum();
	}

}
