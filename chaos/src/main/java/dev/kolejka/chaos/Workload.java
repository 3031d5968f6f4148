package dev.kolejka.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The mixed workload, one round per {@link #tick()}: every pool, keyed and unkeyed jobs,
 * batches, retries, timeouts, cancels, {@code count} jobs and poison options, plus long
 * polls. Every submit carries an {@code Idempotency-Key}; one without a definite answer
 * (API down, {@code 503}) is sent again with the same key until it gets one, so a job
 * whose acceptance was lost with the API is still found, counted and checked.
 */
final class Workload {

	private static final String[] POOLS = { "cpu", "io", "process" };

	private final Api api;

	private final Ledger ledger;

	private final RandomGenerator random;

	private final String runId;

	private final String counter;

	private final ExecutorService background;

	private final Queue<Submission> pending = new ConcurrentLinkedQueue<>();

	private final Queue<String> toCancel = new ConcurrentLinkedQueue<>();

	private long sequence;

	private volatile @Nullable String lastJob;

	private volatile @Nullable String lastBatch;

	Workload(Api api, Ledger ledger, RandomGenerator random, String runId, ExecutorService background) {
		this.api = api;
		this.ledger = ledger;
		this.random = random;
		this.runId = runId;
		this.counter = "chaos-" + runId;
		this.background = background;
	}

	String counter() {
		return this.counter;
	}

	/** One round: six single jobs, sometimes a batch, cancels and a long poll. */
	void tick() throws InterruptedException {
		retryPending();
		cancelRequested();
		for (int i = 0; i < 6; i++) {
			submitOne(this.random.nextInt(12));
		}
		if (this.sequence % 5 == 0) {
			submitCountBatch(20);
		}
		if (this.sequence % 9 == 0) {
			submit(new Submission(key(), "/api/v1/jobs/batch", "{\"task\":\"noop\",\"items\":["
					+ String.join(",", java.util.Collections.nCopies(30, "{}")) + "],\"options\":{\"chunkSize\":7}}",
					"noop-batch", null, List.of()));
		}
		longPoll();
	}

	/** One of each kind, for the warm-up before the baselines are taken. */
	void everyKind() throws InterruptedException {
		for (int kind = 0; kind < 12; kind++) {
			submitOne(kind);
		}
		submitCountBatch(10);
		cancelRequested();
	}

	private void submitOne(int kind) throws InterruptedException {
		String pool = POOLS[this.random.nextInt(POOLS.length)];
		String key = "\"key\":\"k" + this.random.nextInt(4) + "\"";
		long by = 1 + this.random.nextInt(5);
		switch (kind) {
			case 0 -> single("noop", "{\"task\":\"noop\",\"args\":{}}");
			case 1 ->
				single("cpu-keyed", "{\"task\":\"cpu-burn\",\"args\":{\"iterations\":2000},\"options\":{" + key + "}}");
			case 2 -> single("io-keyed", "{\"task\":\"sleep\",\"args\":{\"ms\":20},\"options\":{" + key + "}}");
			case 3, 4 -> submit(new Submission(key(), "/api/v1/jobs",
					"{\"task\":\"count\",\"args\":{\"counter\":\"" + this.counter + "\",\"by\":" + by
							+ "},\"options\":{\"pool\":\"" + pool + "\"" + (this.random.nextBoolean() ? "," + key : "")
							+ "}}",
					"count-" + pool, this.counter, List.of(by)));
			// chaos runs only in the process pool (issue 10): no pool option
			case 5 -> single("retried", "{\"task\":\"chaos\",\"args\":{\"mode\":\"throw\"},"
					+ "\"options\":{\"maxAttempts\":3,\"backoff\":\"PT0.2S\"}}");
			case 6 -> single("timeout-io",
					"{\"task\":\"sleep\",\"args\":{\"ms\":3000},\"options\":{\"timeout\":\"PT0.3S\",\"maxAttempts\":1}}");
			case 7 -> single("timeout-process", "{\"task\":\"chaos\",\"args\":{\"mode\":\"hang\",\"ms\":3000},"
					+ "\"options\":{\"timeout\":\"PT0.5S\",\"maxAttempts\":1}}");
			case 8 -> single("cancelled",
					"{\"task\":\"sleep\",\"args\":{\"ms\":2000},\"options\":{\"pool\":\"" + pool + "\"}}");
			case 9 -> poison("{\"task\":\"noop\",\"args\":{},\"options\":{\"timeout\":\"PT2562048H\",\"pool\":\"" + pool
					+ "\"}}");
			// maxAttempts 1: a huge backoff must not leave a retry waiting past the soak
			case 10 -> poison("{\"task\":\"noop\",\"args\":{},\"options\":{\"backoff\":\"PT2562048H\","
					+ "\"maxAttempts\":1,\"pool\":\"" + pool + "\"}}");
			default -> single("process", "{\"task\":\"word-lengths\",\"args\":{\"text\":\"How I wish I could\"},"
					+ "\"options\":{\"pool\":\"process\"}}");
		}
	}

	private void poison(String body) throws InterruptedException {
		this.ledger.poisonSubmits.incrementAndGet();
		single("poison", body);
	}

	private void single(String kind, String body) throws InterruptedException {
		submit(new Submission(key(), "/api/v1/jobs", body, kind, null, List.of()));
	}

	private void submitCountBatch(int items) throws InterruptedException {
		var bys = new ArrayList<Long>();
		for (int i = 0; i < items; i++) {
			bys.add(1L + this.random.nextInt(5));
		}
		String pool = POOLS[this.random.nextInt(POOLS.length)];
		String body = "{\"task\":\"count\",\"items\":["
				+ bys.stream()
					.map((by) -> "{\"counter\":\"" + this.counter + "\",\"by\":" + by + "}")
					.collect(Collectors.joining(","))
				+ "],\"options\":{\"pool\":\"" + pool + "\",\"chunkSize\":" + (1 + this.random.nextInt(6)) + "}}";
		submit(new Submission(key(), "/api/v1/jobs/batch", body, "count-batch-" + pool, this.counter, bys));
	}

	private String key() {
		return "chaos-" + this.runId + "-" + (++this.sequence);
	}

	private void submit(Submission submission) throws InterruptedException {
		try {
			Api.Reply reply = this.api.post(submission.path(), submission.body(), submission.key());
			if (reply.status() == 200 || reply.status() == 202) {
				accepted(submission, reply);
			}
			else if (reply.status() >= 500 || reply.status() == 429 || reply.status() == 408) {
				this.pending.add(submission);
			}
			else {
				this.ledger.rejected.incrementAndGet();
			}
		}
		catch (IOException ex) {
			this.pending.add(submission);
		}
	}

	private void accepted(Submission submission, Api.Reply reply) {
		JsonNode json = reply.json();
		if (json == null) {
			this.pending.add(submission);
			return;
		}
		if (submission.path().endsWith("/batch")) {
			this.lastBatch = json.get("batchId").asString();
			JsonNode ids = json.get("ids");
			for (int i = 0; i < ids.size(); i++) {
				long by = submission.bys().isEmpty() ? 0 : submission.bys().get(i);
				this.ledger.jobs
					.add(new Ledger.Accepted(ids.get(i).asString(), submission.kind(), submission.counter(), by));
			}
			return;
		}
		String id = json.get("id").asString();
		this.lastJob = id;
		long by = submission.bys().isEmpty() ? 0 : submission.bys().getFirst();
		this.ledger.jobs.add(new Ledger.Accepted(id, submission.kind(), submission.counter(), by));
		if ("cancelled".equals(submission.kind())) {
			this.toCancel.add(id);
		}
	}

	/** Sends every submit still without an answer once more; how many are left. */
	int retryPending() throws InterruptedException {
		List<Submission> retry = new ArrayList<>();
		for (Submission submission; (submission = this.pending.poll()) != null;) {
			retry.add(submission);
		}
		// a broker that is down makes every submit wait for the API's send timeout: bound
		// the round, the rest wait for the next one
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		for (Submission submission : retry) {
			if (System.nanoTime() < deadline) {
				submit(submission);
			}
			else {
				this.pending.add(submission);
			}
		}
		return this.pending.size();
	}

	int unanswered() {
		return this.pending.size();
	}

	private void cancelRequested() throws InterruptedException {
		for (String id; (id = this.toCancel.poll()) != null;) {
			this.ledger.cancelRequests.incrementAndGet();
			try {
				this.api.delete("/api/v1/jobs/" + id);
			}
			catch (IOException ex) {
				// a cancel lost with the API is a job that runs to its end: still
				// terminal
			}
		}
	}

	private void longPoll() {
		boolean batch = this.random.nextBoolean();
		String id = batch ? this.lastBatch : this.lastJob;
		if (id == null || this.background.isShutdown()) {
			return;
		}
		String path = (batch ? "/api/v1/batches/" : "/api/v1/jobs/") + id + "?waitSeconds="
				+ (1 + this.random.nextInt(3));
		this.ledger.longPolls.incrementAndGet();
		this.background.execute(() -> {
			try {
				this.api.get(path, Duration.ofSeconds(10));
			}
			catch (IOException ex) {
				// the API went down under the poll: that is the point
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	/** A submit, kept until the API answers it definitely. */
	private record Submission(String key, String path, String body, String kind, @Nullable String counter,
			List<Long> bys) {
	}

}
