package dev.kolejka.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The chaos soak, shared by {@code ./kolejka chaos} and {@code ChaosSoakIT}: warm up,
 * measure, run the workload for the duration while the nemesis strikes, bring everything
 * back, drain, and check.
 */
public final class Chaos {

	private final Cluster cluster;

	private final Settings settings;

	private final PrintStream out;

	public Chaos(Cluster cluster, Settings settings, PrintStream out) {
		this.cluster = cluster;
		this.settings = settings;
		this.out = out;
	}

	public Report run() throws InterruptedException {
		var random = new SplittableRandom(this.settings.seed());
		String runId = Long.toString(System.currentTimeMillis(), 36);
		var ledger = new Ledger();
		var api = new Api(this.cluster.apiUrl(), this.cluster::apiKey);
		var probe = new Probe();
		this.out.printf("chaos: run %s, %s, a fault every ~%s, seed %d, victims %s, witness %s%n", runId,
				this.settings.duration(), this.settings.faultEvery(), this.settings.seed(), this.cluster.victims(),
				this.cluster.witness());
		try (ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor();
				var hostile = new HostileRecords(this.cluster.bootstrapServers(), this.cluster.topicPrefix(), ledger,
						random.split())) {
			var workload = new Workload(api, ledger, random.split(), runId, polls);
			Baseline baseline = warmUp(workload, ledger, probe);
			var nemesis = new Nemesis(this.cluster, ledger, random.split(), this.settings.faultEvery(), this.out);
			Thread striker = Thread.ofPlatform().name("chaos-nemesis").start(nemesis);
			Instant end = Instant.now().plus(this.settings.duration());
			// a short soak goes on, up to twice its length, until the nemesis has struck
			// often enough to say something
			Instant latest = end.plus(this.settings.duration());
			Instant nextReport = Instant.now().plusSeconds(30);
			while (Instant.now().isBefore(end)
					|| (ledger.faults.size() < this.settings.minProcessFaults() && Instant.now().isBefore(latest))) {
				long started = System.nanoTime();
				workload.tick();
				if (random.nextInt(4) == 0) {
					hostile.send();
				}
				if (Instant.now().isAfter(nextReport)) {
					this.out.printf("chaos: %d jobs accepted, %d faults so far%n", ledger.jobs.size(),
							ledger.faultsInjected());
					nextReport = nextReport.plusSeconds(30);
				}
				// a steady pace, not a flood: the soak is about faults, not load
				long spent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				Thread.sleep(Math.max(0, this.settings.tick().toMillis() - spent));
			}
			nemesis.stop();
			striker.join(Duration.ofMinutes(3));
			this.out.println("chaos: workload stopped, nemesis stopped, everything restarted; draining");
			Instant resolveBy = Instant.now().plusSeconds(60);
			while (workload.retryPending() > 0 && Instant.now().isBefore(resolveBy)) {
				Thread.sleep(1000);
			}
			ledger.unanswered.set(workload.unanswered());
			polls.shutdown();
			Report report = new Checks(this.cluster, api, ledger, probe).report(baseline, workload.counter(),
					this.settings.drain());
			print(report, ledger);
			return report;
		}
	}

	/**
	 * The baselines are taken from a witness that is up and has run work: measured while
	 * it was still starting, every thread and byte it adds later would look like a leak.
	 */
	private Baseline warmUp(Workload workload, Ledger ledger, Probe probe) throws InterruptedException {
		var api = new Api(this.cluster.apiUrl(), this.cluster::apiKey);
		awaitWitnessUp(api, Instant.now().plusSeconds(180));
		workload.everyKind();
		workload.everyKind();
		Instant deadline = Instant.now().plusSeconds(90);
		this.out.println("chaos: warming up with two jobs of each kind");
		for (Ledger.Accepted job : ledger.jobs) {
			while (Instant.now().isBefore(deadline) && !terminal(api, job.id())) {
				Thread.sleep(200);
			}
		}
		return Baseline.take(this.cluster, probe);
	}

	private void awaitWitnessUp(Api api, Instant deadline) throws InterruptedException {
		while (Instant.now().isBefore(deadline) && !witnessUp(api)) {
			Thread.sleep(500);
		}
	}

	private boolean witnessUp(Api api) throws InterruptedException {
		try {
			var workers = api.get("/api/v1/workers", Duration.ofSeconds(5)).json();
			if (workers == null) {
				return false;
			}
			for (var worker : workers) {
				if (worker.path("id").asString("").equals(this.cluster.witness())
						&& worker.path("state").asString("").equals("up")) {
					return true;
				}
			}
			return false;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private static boolean terminal(Api api, String id) throws InterruptedException {
		try {
			String state = api.get("/api/v1/jobs/" + id, Duration.ofSeconds(5)).text("/state");
			return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private void print(Report report, Ledger ledger) {
		this.out.printf(
				"chaos: faults: %d process (%s), %d hostile records, %d poison submits; %d cancels, %d long"
						+ " polls, %d submits rejected, %d never answered%n",
				ledger.faults.size(),
				ledger.faults.stream()
					.collect(java.util.stream.Collectors.groupingBy((fault) -> fault.signal() + " " + fault.role(),
							java.util.TreeMap::new, java.util.stream.Collectors.counting())),
				ledger.hostileRecords.get(), ledger.poisonSubmits.get(), ledger.cancelRequests.get(),
				ledger.longPolls.get(), ledger.rejected.get(), ledger.unanswered.get());
		this.out.println("chaos: final states " + report.states());
		report.figures().forEach((figure) -> this.out.println("chaos: " + figure));
		report.violations().forEach((violation) -> this.out.println("chaos: VIOLATION " + violation));
		this.out.println(report.summary());
	}

	/**
	 * How a soak runs.
	 *
	 * @param duration how long the workload and the nemesis run
	 * @param faultEvery the mean gap between faults
	 * @param tick the workload's round
	 * @param drain how long the end waits, at most, for the next accepted job to become
	 * terminal (ten of these at most in all)
	 * @param seed of every random choice, printed so that a run can be repeated
	 * @param minProcessFaults the process faults the soak waits for past its duration (up
	 * to twice it)
	 */
	public record Settings(Duration duration, Duration faultEvery, Duration tick, Duration drain, long seed,
			int minProcessFaults) {

		public static Settings of(Duration duration) {
			return new Settings(duration, Duration.ofSeconds(8), Duration.ofMillis(500), Duration.ofSeconds(120),
					System.nanoTime(), 0);
		}

	}

}
