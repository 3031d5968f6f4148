package dev.kolejka.loadgen;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls a load run makes, over {@link HttpClient} with keep-alive connections. Every
 * answer is returned as it came: nothing is retried here.
 */
final class JobsApi implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final HttpClient http;

	private final String base;

	private final @Nullable String apiKey;

	JobsApi(URI baseUrl, @Nullable String apiKey) {
		this.http = HttpClient.newBuilder()
			.executor(this.executor)
			.connectTimeout(Duration.ofSeconds(5))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		String url = baseUrl.toString();
		this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		this.apiKey = apiKey;
	}

	/** {@code POST /api/v1/jobs}: the job's id when accepted. */
	Answer submit(Workload workload) {
		return post("/api/v1/jobs",
				"{\"task\":" + quote(workload.task()) + ",\"args\":" + workload.argsJson() + options(workload) + "}",
				"id");
	}

	/** {@code POST /api/v1/jobs/batch} with {@code size} copies of the args. */
	Answer submitBatch(Workload workload, int size) {
		String items = String.join(",", java.util.Collections.nCopies(size, workload.argsJson()));
		return post("/api/v1/jobs/batch",
				"{\"task\":" + quote(workload.task()) + ",\"items\":[" + items + "]" + options(workload) + "}",
				"batchId");
	}

	/** {@code GET /api/v1/jobs/{id}?waitSeconds=N}: the job's state. */
	Answer job(String id, long waitSeconds) {
		return get("/api/v1/jobs/" + id + "?waitSeconds=" + waitSeconds, "state");
	}

	/** {@code GET /api/v1/batches/{id}?waitSeconds=N}: the batch's state and counts. */
	Answer batch(String id, long waitSeconds) {
		return get("/api/v1/batches/" + id + "?waitSeconds=" + waitSeconds, "state");
	}

	private Answer post(String path, String body, String field) {
		HttpRequest request = request(path).timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return send(request, field);
	}

	private Answer get(String path, String field) {
		return send(request(path).timeout(Duration.ofSeconds(90)).GET().build(), field);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path));
		if (this.apiKey != null) {
			builder.header("Authorization", "Bearer " + this.apiKey);
		}
		return builder;
	}

	private Answer send(HttpRequest request, String field) {
		try {
			HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() / 100 != 2) {
				return Answer.error(Integer.toString(response.statusCode()));
			}
			JsonNode json = JSON.readTree(response.body());
			return new Answer(null, json.path(field).asString(""), json);
		}
		catch (HttpConnectTimeoutException | ConnectException ex) {
			return Answer.error("connect");
		}
		catch (HttpTimeoutException ex) {
			return Answer.error("timeout");
		}
		catch (IOException | JacksonException ex) {
			return Answer.error("io");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.error("interrupted");
		}
	}

	private static String options(Workload workload) {
		return (workload.pool() != null) ? ",\"options\":{\"pool\":" + quote(workload.pool()) + "}" : "";
	}

	private static String quote(String text) {
		return JSON.writeValueAsString(text);
	}

	@Override
	public void close() {
		// outstanding long polls end now: the run is over
		this.http.shutdownNow();
		this.executor.shutdownNow();
	}

	/**
	 * One answer: an error kind, or the value of the field asked for and the whole body.
	 */
	record Answer(@Nullable String error, String value, @Nullable JsonNode body) {

		static Answer error(String kind) {
			return new Answer(kind, "", null);
		}

		boolean ok() {
			return this.error == null;
		}

		List<String> ids() {
			return (this.body != null) ? this.body.path("ids").valueStream().map(JsonNode::asString).toList()
					: List.of();
		}

	}

}
