package dev.kolejka.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import static dev.kolejka.bench.Row.Better.HIGHER;
import static dev.kolejka.bench.Row.Better.LOWER;

/**
 * The workloads of the table, each run on Kolejka, then raw Kafka, then Celery,
 * before the next workload starts (interleaved, so a noisy minute hits every peer alike).
 */
final class Workloads {

	private static final Pattern HEY_TOTAL = Pattern.compile("Total:\\s+([0-9.]+) secs");

	private static final Pattern HEY_ACCEPTED = Pattern.compile("\\[202]\\s+(\\d+) responses");

	private final Peers peers;

	private final Report report;

	private final Sizes sizes;

	Workloads(Peers peers, Report report) {
		this.peers = peers;
		this.report = report;
		this.sizes = peers.sizes();
	}

	void noopBatches() {
		var client = this.peers.client();
		client.batches("noop", "{}", this.sizes.batchSize(), this.sizes.batchSize(), "{}", 1); // warm-up
		CpuMeter kolejkaCpu = CpuMeter.start(this.peers.kolejkaGroups());
		Outcome<Double> kolejka = Outcome.of(() -> this.sizes.batchJobs()
				/ client.batches("noop", "{}", this.sizes.batchJobs(), this.sizes.batchSize(), "{}", 4));
		CpuMeter.Usage kolejkaUsage = kolejkaCpu.stop();
		CpuMeter kafkaCpu = CpuMeter.start(this.peers.kafkaGroups());
		Outcome<Double> kafka = Outcome.of(() -> {
			String topic = this.peers.kafka().newTopic();
			double produced = this.peers.kafka().produce(topic, this.sizes.kafkaRecords(), "all", 5);
			double consumed = this.peers.kafka().consume(topic, this.sizes.kafkaRecords());
			this.report.detail("kafka.noop.producerRecordsPerSecond", produced);
			this.report.detail("kafka.noop.consumerFetchRecordsPerSecond", consumed);
			return Math.min(produced, consumed);
		});
		CpuMeter.Usage kafkaUsage = kafkaCpu.stop();
		CpuMeter celeryCpu = CpuMeter.start(this.peers.celeryGroups());
		Outcome<JsonNode> celery = this.peers.onCelery((peer) -> this.peers.celeryClient(peer, "burst-noop", "burst",
				"noop", String.valueOf(this.sizes.celeryNoop())));
		CpuMeter.Usage celeryUsage = celeryCpu.stop();
		this.report.add(new Row("noop-batches",
				"noop end to end (Kolejka: batches of " + this.sizes.batchSize()
						+ "; Kafka: min(produce, consume) acks=all; Celery: apply_async burst)",
				"jobs/s", HIGHER, kolejka.cell((v) -> v), kafka.cell((v) -> v),
				celery.cell((c) -> c.get("per_s").asDouble()), ""));
		cpuRows("batched noop", "noop-batches", kolejka, kolejkaUsage, this.sizes.batchJobs(), kafka, kafkaUsage,
				this.sizes.kafkaRecords() * 2L, celery, celeryUsage, this.sizes.celeryNoop());
	}

	void singleSubmits() {
		Outcome<double[]> warmUp = Outcome.of(() -> {
			new Debian(this.peers.commands()).ensure(List.of("hey"));
			return hey(Math.max(100, this.sizes.singleSubmits() / 10));
		});
		CpuMeter kolejkaCpu = CpuMeter.start(this.peers.kolejkaGroups());
		Outcome<double[]> kolejka = (warmUp.value() != null) ? Outcome.of(() -> hey(this.sizes.singleSubmits()))
				: warmUp;
		pause(Duration.ofSeconds(1)); // the workers finish the last jobs
		CpuMeter.Usage kolejkaUsage = kolejkaCpu.stop();
		int kafkaRecords = this.sizes.kafkaRecords() / 5;
		CpuMeter kafkaCpu = CpuMeter.start(this.peers.kafkaGroups());
		Outcome<Double> kafka = Outcome
			.of(() -> this.peers.kafka().produce(this.peers.kafka().newTopic(), kafkaRecords, "all", 0));
		CpuMeter.Usage kafkaUsage = kafkaCpu.stop();
		int celeryCalls = this.sizes.celeryNoop();
		CpuMeter celeryCpu = CpuMeter.start(this.peers.celeryGroups());
		Outcome<JsonNode> celery = this.peers
			.onCelery((peer) -> this.peers.celeryClient(peer, "submit", "submit", String.valueOf(celeryCalls)));
		CpuMeter.Usage celeryUsage = celeryCpu.stop();
		this.report.add(new Row("single-submits",
				"single POST /jobs, keep-alive, 64 concurrent (Kolejka: hey; Kafka: producer acks=all linger.ms=0; "
						+ "Celery: apply_async only)",
				"accepted/s", HIGHER, kolejka.cell((v) -> v[0]), kafka.cell((v) -> v),
				celery.cell((c) -> c.get("per_s").asDouble()), ""));
		long accepted = (kolejka.value() != null) ? (long) kolejka.value()[1] : 1;
		cpuRows("single submits at c=64", "single-submits", kolejka, kolejkaUsage, accepted, kafka, kafkaUsage,
				kafkaRecords, celery, celeryUsage, celeryCalls);
		singleSubmitsWarm(kolejka, kafka, kafkaUsage, kafkaRecords, celery, celeryUsage, celeryCalls);
	}

	/**
	 * The same run once more on a warm API: the first ten thousand requests meet a JIT
	 * still compiling the request path (docs/performance.md: the cost per request falls
	 * until some 60,000-70,000). The peers' figures are the row above's: neither warms up
	 * so.
	 */
	private void singleSubmitsWarm(Outcome<double[]> cold, Outcome<Double> kafka, CpuMeter.Usage kafkaUsage,
			int kafkaRecords, Outcome<JsonNode> celery, CpuMeter.Usage celeryUsage, int celeryCalls) {
		int warmUp = this.sizes.singleSubmits() * 5;
		Outcome<double[]> warmed = (cold.value() != null) ? Outcome.of(() -> hey(warmUp)) : cold;
		CpuMeter cpu = CpuMeter.start(this.peers.kolejkaGroups());
		Outcome<double[]> warm = (warmed.value() != null) ? Outcome.of(() -> hey(this.sizes.singleSubmits())) : warmed;
		pause(Duration.ofSeconds(1));
		CpuMeter.Usage usage = cpu.stop();
		this.report.add(new Row("single-submits-warm",
				"single POST /jobs, keep-alive, 64 concurrent, warm API (the same after " + warmUp + " more)",
				"accepted/s", HIGHER, warm.cell((v) -> v[0]), kafka.cell((v) -> v),
				celery.cell((c) -> c.get("per_s").asDouble()), "peers: the row above's runs"));
		long accepted = (warm.value() != null) ? (long) warm.value()[1] : 1;
		cpuRows("single submits at c=64, warm API", "single-submits-warm", warm, usage, accepted, kafka, kafkaUsage,
				kafkaRecords, celery, celeryUsage, celeryCalls);
	}

	void oneAtATime() {
		int jobs = this.sizes.oneAtATime();
		int warmUp = this.sizes.warmUp();
		Outcome<List<Double>> kolejka = Outcome.of(() -> this.peers.client().oneAtATime(jobs, warmUp));
		Outcome<List<Double>> kafka = Outcome
			.of(() -> this.peers.kafka().endToEnd(this.peers.kafka().newTopic(), jobs, warmUp));
		Outcome<List<Double>> celery = this.peers.onCelery((peer) -> {
			List<Double> millis = new ArrayList<>();
			this.peers.celeryClient(peer, "rtt", "rtt", String.valueOf(jobs), String.valueOf(warmUp))
				.get("millis")
				.forEach((m) -> millis.add(m.asDouble()));
			return millis;
		});
		for (int p : new int[] { 50, 99 }) {
			this.report.add(new Row("one-at-a-time-p" + p,
					"noop submit → done, one at a time, p" + p
							+ " (Kafka: send().get() → poll, µs loop of EndToEndLatency)",
					"ms", LOWER, kolejka.cell((v) -> Stats.percentile(v, p)), kafka.cell((v) -> Stats.percentile(v, p)),
					celery.cell((v) -> Stats.percentile(v, p)), jobs + " jobs after " + warmUp + " warm-up"));
		}
	}

	void efficiency() {
		Duration calibration = Duration.ofMillis(this.sizes.rest().toSeconds() >= 30 ? 3000 : 500);
		double rate = Stats.cpuBurnRate(calibration);
		Outcome<JsonNode> pythonRate = this.peers.onCelery((peer) -> this.peers.celeryClient(peer, "calibrate",
				"calibrate", String.valueOf(calibration.toMillis() / 1000.0)));
		this.report.detail("kolejka.cpuBurn.singleThreadIterationsPerSecond", rate);
		this.report.detail("celery.cpu.singleThreadUnitsPerSecond", pythonRate.value());
		for (int ms : new int[] { 10, 1 }) {
			int jobs = (ms == 10) ? this.sizes.cpuJobs10ms() : this.sizes.cpuJobs1ms();
			int iterations = (int) Math.max(1, Math.round(rate * ms / 1000));
			double ideal = this.peers.cores() * rate / iterations;
			Map<String, Outcome<Double>> kolejka = new java.util.LinkedHashMap<>();
			for (String pool : List.of("cpu", "process")) {
				kolejka
					.put(pool,
							Outcome.of(() -> jobs / this.peers.client()
								.batches("cpu-burn", "{\"iterations\":" + iterations + "}", jobs,
										Math.min(jobs, this.sizes.batchSize()), "{\"pool\":\"" + pool + "\"}", 1)
									/ ideal));
			}
			Outcome<Double> celery = this.peers.onCelery((peer) -> {
				double units = pythonRate.value().get("units_per_s").asDouble();
				long unitsPerJob = Math.max(1, Math.round(units * ms / 1000));
				double perSecond = this.peers
					.celeryClient(peer, "burst-cpu" + ms, "burst", "cpu", String.valueOf(jobs),
							String.valueOf(unitsPerJob))
					.get("per_s")
					.asDouble();
				return perSecond / (2 * units / unitsPerJob);
			});
			for (String pool : List.of("cpu", "process")) {
				this.report.add(new Row("efficiency-" + pool + "-" + ms + "ms",
						"efficiency, " + ms + " ms cpu-burn jobs, " + pool + " pool (work ÷ cores × single-thread rate;"
								+ " Celery prefork c2)",
						"ratio", HIGHER, kolejka.get(pool).cell((v) -> v), Cell.notApplicable(), celery.cell((v) -> v),
						jobs + " jobs of " + iterations + " iterations"));
			}
		}
		burnInWorker(rate, calibration);
	}

	/**
	 * The efficiency rows divide by the burn's speed in the suite's own JVM, which runs
	 * nothing else; a worker's JIT compiles the same loop among all it runs, and not
	 * always as well (docs/performance.md). So: the same burn, alone on a warm worker,
	 * best of three, as a ratio to that baseline.
	 */
	private void burnInWorker(double rate, Duration length) {
		int iterations = (int) Math.max(1, Math.round(rate * length.toMillis() / 1000 / 3));
		Outcome<Double> ratio = Outcome.of(() -> {
			double best = Double.MAX_VALUE;
			for (int i = 0; i < 3; i++) {
				best = Math.min(best, this.peers.client()
					.runSeconds("cpu-burn", "{\"iterations\":" + iterations + "}", "{\"pool\":\"cpu\"}"));
			}
			return iterations / best / rate;
		});
		this.report.add(new Row("cpu-burn-in-worker",
				"cpu-burn single-thread speed, alone on a warm worker ÷ in the suite's JVM (the efficiency rows' baseline)",
				"ratio", HIGHER, ratio.cell((v) -> v), Cell.notApplicable(), Cell.notApplicable(),
				"best of 3 jobs of " + iterations + " iterations"));
	}

	void sleeps() {
		int n = this.sizes.sleeps();
		int ms = this.sizes.sleepMs();
		Outcome<Double> kolejka = Outcome
			.of(() -> this.peers.client().batches("sleep", "{\"ms\":" + ms + "}", n, this.sizes.batchSize(), "{}", 4));
		Outcome<JsonNode> celery = this.peers.onCelery(
				(peer) -> this.peers.celeryClient(peer, "sleeps", "sleeps", String.valueOf(n), String.valueOf(ms)));
		this.report.add(new Row("sleeps",
				n + " concurrent " + ms + " ms sleeps, submit → last done (Celery threads c200)", "s", LOWER,
				kolejka.cell((v) -> v), Cell.notApplicable(), celery.cell((c) -> c.get("wall_s").asDouble()), ""));
	}

	/**
	 * accepted/s and the number accepted, from hey at 64 concurrent keep-alive
	 * connections.
	 */
	private double[] hey(int requests) {
		String out = this.peers.commands()
			.run("hey", Duration.ofMinutes(5),
					List.of("hey", "-n", String.valueOf(requests), "-c", "64", "-m", "POST", "-T", "application/json",
							"-H", "Authorization: Bearer " + this.peers.kolejka().apiKey(), "-d",
							"{\"task\":\"noop\",\"args\":{}}", this.peers.kolejka().apiBase() + "/api/v1/jobs"));
		Matcher total = HEY_TOTAL.matcher(out);
		Matcher accepted = HEY_ACCEPTED.matcher(out);
		if (!total.find() || !accepted.find()) {
			throw new IllegalStateException("no 202 answers in hey's output: " + Commands.tail(out));
		}
		double count = Double.parseDouble(accepted.group(1));
		return new double[] { count / Double.parseDouble(total.group(1)), count };
	}

	private void cpuRows(String what, String id, Outcome<?> measured, CpuMeter.Usage kolejka, long kolejkaJobs,
			Outcome<?> kafka, CpuMeter.Usage kafkaUsage, long kafkaRecords, Outcome<?> celery,
			CpuMeter.Usage celeryUsage, long celeryJobs) {
		this.report.detail("cpuMicros." + id + ".kolejka", kolejka.micros());
		this.report.detail("cpuMicros." + id + ".kafka", kafkaUsage.micros());
		this.report.detail("cpuMicros." + id + ".celery", celeryUsage.micros());
		Cell kafkaBroker = kafka.cell((v) -> kafkaUsage.perJob("kafka-broker", kafkaRecords));
		Cell celeryWorker = celery.cell((v) -> celeryUsage.perJob("celery-prefork", celeryJobs));
		Cell redis = celery.cell((v) -> celeryUsage.perJob("redis", celeryJobs));
		double workers = Peers.KOLEJKA_WORKERS.stream().mapToDouble((w) -> kolejka.perJob(w, kolejkaJobs)).sum();
		String unit = "µs/job";
		this.report.add(new Row(id + "-cpu-api", "CPU per job, " + what + ": API", unit, LOWER,
				measured.cell((v) -> kolejka.perJob("kolejka-api", kolejkaJobs)), Cell.notApplicable(),
				Cell.notApplicable(), ""));
		this.report.add(new Row(id + "-cpu-broker", "CPU per job, " + what + ": broker (Celery: Redis)", unit, LOWER,
				measured.cell((v) -> kolejka.perJob("kolejka-broker", kolejkaJobs)), kafkaBroker, redis,
				"Kafka: per record produced or consumed"));
		this.report.add(new Row(id + "-cpu-workers", "CPU per job, " + what + ": workers with their children", unit,
				LOWER, measured.cell((v) -> workers), Cell.notApplicable(), celeryWorker, ""));
		this.report.add(new Row(id + "-cpu-total", "CPU per job, " + what + ": all server processes", unit, LOWER,
				measured.cell((v) -> kolejka.totalPerJob(kolejkaJobs)), kafkaBroker,
				celery.cell((v) -> celeryUsage.totalPerJob(celeryJobs)), "clients not counted"));
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
