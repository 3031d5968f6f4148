package dev.kolejka.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The suite's own small driver of the REST API: batches until every job is finished, and
 * one job at a time (submit, then the long poll). Every request carries the API key.
 */
final class KolejkaClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	private final String apiKey;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt on every new
												// connection
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	KolejkaClient(String base, String apiKey) {
		this.base = base;
		this.apiKey = apiKey;
	}

	/**
	 * Submits {@code total} jobs in batches of {@code batchSize}, at most
	 * {@code concurrency} batches in flight, and answers the seconds from the first
	 * submit until the last job of the last batch is finished.
	 */
	double batches(String task, String args, int total, int batchSize, String options, int concurrency) {
		long start = System.nanoTime();
		Semaphore inFlight = new Semaphore(concurrency);
		List<Future<?>> done = new ArrayList<>();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int submitted = 0; submitted < total; submitted += batchSize) {
				int size = Math.min(batchSize, total - submitted);
				inFlight.acquireUninterruptibly();
				done.add(executor.submit(() -> {
					try {
						awaitBatch(submitBatch(task, args, size, options));
						return null;
					}
					finally {
						inFlight.release();
					}
				}));
			}
			for (Future<?> batch : done) {
				batch.get();
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("a batch failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return (System.nanoTime() - start) / 1e9;
	}

	/**
	 * Submits up to {@code total} jobs in batches without waiting for them to run, and
	 * stops early at the deadline (a run must end by itself): answers how many went in.
	 */
	int submit(String task, String args, int total, int batchSize, String options, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		int submitted = 0;
		while (submitted < total && System.nanoTime() < deadline) {
			int size = Math.min(batchSize, total - submitted);
			submitBatch(task, args, size, options);
			submitted += size;
		}
		return submitted;
	}

	/**
	 * Runs one job and answers the seconds between the {@code startedAt} and
	 * {@code finishedAt} its worker stamped.
	 */
	double runSeconds(String task, String args, String options) {
		JsonNode job = send("POST", "/api/v1/jobs",
				"{\"task\":\"" + task + "\",\"args\":" + args + ",\"options\":" + options + "}", 202);
		JsonNode done = send("GET", "/api/v1/jobs/" + job.get("id").asString() + "?waitSeconds=30", null, 200);
		if (!"SUCCEEDED".equals(done.get("state").asString())) {
			throw new IllegalStateException(
					"the " + task + " job is " + done.get("state").asString() + ", not SUCCEEDED");
		}
		return Duration
			.between(Instant.parse(done.get("startedAt").asString()), Instant.parse(done.get("finishedAt").asString()))
			.toNanos() / 1e9;
	}

	/** Submit → SUCCEEDED of one job at a time, in milliseconds, after a warm-up. */
	List<Double> oneAtATime(int jobs, int warmUp) {
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < jobs + warmUp; i++) {
			long start = System.nanoTime();
			JsonNode job = send("POST", "/api/v1/jobs", "{\"task\":\"noop\",\"args\":{}}", 202);
			JsonNode finished = send("GET", "/api/v1/jobs/" + job.get("id").asString() + "?waitSeconds=30", null, 200);
			double elapsed = (System.nanoTime() - start) / 1e6;
			if (!"SUCCEEDED".equals(finished.get("state").asString())) {
				throw new IllegalStateException("a noop job did not succeed: " + finished);
			}
			if (i >= warmUp) {
				millis.add(elapsed);
			}
		}
		return millis;
	}

	private String submitBatch(String task, String args, int size, String options) {
		StringBuilder body = new StringBuilder("{\"task\":\"").append(task).append("\",\"items\":[");
		for (int i = 0; i < size; i++) {
			body.append(i == 0 ? "" : ",").append(args);
		}
		body.append("],\"options\":").append(options).append('}');
		return send("POST", "/api/v1/jobs/batch", body.toString(), 202).get("batchId").asString();
	}

	private void awaitBatch(String batchId) {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			JsonNode batch = send("GET", "/api/v1/batches/" + batchId + "?waitSeconds=30", null, 200);
			int finished = batch.get("succeeded").asInt() + batch.get("failed").asInt()
					+ batch.get("cancelled").asInt();
			if (finished == batch.get("total").asInt()) {
				if (batch.get("succeeded").asInt() != finished) {
					throw new IllegalStateException("batch " + batchId + " had jobs that did not succeed: "
							+ batch.get("failed") + " failed, " + batch.get("cancelled") + " cancelled");
				}
				return;
			}
		}
		throw new IllegalStateException("batch " + batchId + " did not finish within 10 minutes");
	}

	JsonNode send(String method, String path, @Nullable String body, int expected) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(90))
			.header("Authorization", "Bearer " + this.apiKey);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expected) {
				throw new IllegalStateException("%s %s answered %d: %s".formatted(method, path, response.statusCode(),
						Commands.tail(response.body())));
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
