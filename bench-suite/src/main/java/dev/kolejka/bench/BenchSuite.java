package dev.kolejka.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * {@code ./kolejka bench [--smoke]}: starts the Kolejka stack, a bare Kafka broker and
 * Celery with Redis side by side, measures every workload on each in turn, then the costs
 * (CPU per job, CPU and memory at rest and under load, start-up, the memory under a
 * backlog), and writes {@code target/bench/report.json} and {@code report.md}. Every
 * process it starts is stopped before it returns; all traffic goes to 127.0.0.1.
 */
public final class BenchSuite {

	private final Path repo;

	private final Path out;

	private final int portBase;

	private final Sizes sizes;

	private final Report report = new Report();

	private final Map<String, List<String>> phases = new java.util.LinkedHashMap<>();

	BenchSuite(Path repo, Path out, int portBase, Sizes sizes) {
		this.repo = repo;
		this.out = out;
		this.portBase = portBase;
		this.sizes = sizes;
	}

	public static void main(String[] args) {
		boolean smoke = List.of(args).contains("--smoke");
		Path repo = Path.of(System.getProperty("kolejka.repo", ".")).toAbsolutePath().normalize();
		int base = Integer.parseInt(System.getenv().getOrDefault("KOLEJKA_BENCH_PORT_BASE", "49000"));
		Report report = new BenchSuite(repo, repo.resolve("target/bench"), base, smoke ? Sizes.smoke() : Sizes.full())
			.run();
		System.out.println();
		System.out.println(report.markdown());
		System.out.println("written: " + repo.resolve("target/bench/report.json") + " and report.md");
	}

	Report run() {
		String javaHome = System.getProperty("java.home");
		Path logs = this.out.resolve("logs");
		this.report.about("startedAt", Instant.now().toString());
		this.report.about("sizes", this.sizes);
		this.report.about("cores", Runtime.getRuntime().availableProcessors());
		this.report.about("java", System.getProperty("java.version"));
		this.report.about("loadAverageAtStart", loadAverage());
		Commands.deleteRecursively(logs);
		Commands commands = new Commands(logs.resolve("suite"), this.repo, Map.of("DEBIAN_FRONTEND", "noninteractive"));
		long upStart = System.nanoTime();
		try (KolejkaStack kolejka = KolejkaStack.up(this.repo, this.out.resolve("kolejka-home"), this.portBase, logs,
				javaHome, false)) {
			double kolejkaUp = seconds(upStart);
			long brokerStart = System.nanoTime();
			try (KolejkaStack broker = KolejkaStack.up(this.repo, this.out.resolve("kafka-home"), this.portBase + 10,
					logs, javaHome, true)) {
				double brokerUp = seconds(brokerStart);
				long celeryStart = System.nanoTime();
				Cell celeryMissing = Cell.notApplicable();
				CeleryPeer celery = null;
				try {
					celery = CeleryPeer.start(this.out.resolve("celery"), logs.resolve("celery"), this.portBase + 21);
				}
				catch (RuntimeException ex) {
					String reason = String.valueOf(ex.getMessage()).lines().findFirst().orElse("?");
					celeryMissing = ex.getMessage() != null && ex.getMessage().contains("apt-get")
							? Cell.skipped("python3-celery / redis-server cannot be installed: " + reason)
							: Cell.failed(reason);
				}
				double celeryUp = seconds(celeryStart);
				try {
					Peers peers = new Peers(kolejka, new KolejkaClient(kolejka.apiBase(), kolejka.apiKey()), broker,
							new KafkaPeer(broker.bootstrap(), commands, javaHome + "/bin/java", this.repo), celery,
							celeryMissing, commands, this.sizes, Runtime.getRuntime().availableProcessors());
					this.report.add(new Row("up",
							"start-up (Kolejka: ./kolejka up, built, AOT caches trained; Kafka: the bare broker;"
									+ " Celery: redis-server + workers ready)",
							"s", Row.Better.LOWER, Cell.of(kolejkaUp), Cell.of(brokerUp),
							(celery != null) ? Cell.of(celeryUp) : celeryMissing, ""));
					measure(peers);
				}
				finally {
					if (celery != null) {
						celery.close();
					}
				}
			}
		}
		this.report.about("finishedAt", Instant.now().toString());
		this.report.about("loadAverageAtEnd", loadAverage());
		this.report.write(this.out);
		return this.report;
	}

	private void measure(Peers peers) {
		Costs costs = new Costs(peers, this.report);
		Workloads.pause(this.sizes.rest().toSeconds() >= 30 ? Duration.ofSeconds(10) : Duration.ofSeconds(1));
		costs.atRest();
		Workloads workloads = new Workloads(peers, this.report);
		List<ProcessGroup> all = new ArrayList<>(peers.kolejkaGroups());
		all.addAll(peers.kafkaGroups());
		all.addAll(peers.celeryGroups());
		Map<String, Long> profiled = (System.getenv("KOLEJKA_BENCH_JFR") != null)
				? Map.of("api", peers.kolejka().pid("api"), "worker-1", peers.kolejka().pid("worker-1")) : Map.of();
		try (RssSampler rss = new RssSampler(all);
				Profiler profiler = new Profiler(peers.commands(), profiled, this.out.resolve("jfr"))) {
			phase("noopBatches", workloads::noopBatches);
			phase("singleSubmits", workloads::singleSubmits);
			phase("oneAtATime", workloads::oneAtATime);
			phase("efficiency", workloads::efficiency);
			phase("sleeps", workloads::sleeps);
			costs.underLoad(rss);
		}
		phase("backlog", costs::backlog);
		this.report.detail("phases", this.phases);
	}

	private void phase(String name, Runnable phase) {
		Instant start = Instant.now();
		phase.run();
		this.phases.put(name, List.of(start.toString(), Instant.now().toString(), loadAverage()));
	}

	/** The 1, 5 and 15 minute load averages: how busy the shared machine was. */
	private static String loadAverage() {
		try {
			return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (java.io.IOException ex) {
			return "unknown";
		}
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	static @Nullable Double mib(long bytes) {
		return bytes / (1024.0 * 1024.0);
	}

}
