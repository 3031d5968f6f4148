package dev.kolejka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running API over real HTTP, as a client would. */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final @Nullable String key;

	/** A client that presents the {@link TestKeys#ADMIN admin} test key. */
	public ApiClient(int port) {
		this(port, TestKeys.ADMIN);
	}

	/** A client that presents {@code key}, or no key at all when it is {@code null}. */
	public ApiClient(int port, @Nullable String key) {
		this.base = "http://127.0.0.1:" + port;
		this.key = key;
	}

	/** The same API, with another key (or none). */
	public ApiClient as(@Nullable String otherKey) {
		return new ApiClient(Integer.parseInt(this.base.substring(this.base.lastIndexOf(':') + 1)), otherKey);
	}

	public Response post(String path, String body) {
		return post(path, body, "application/json", null);
	}

	public Response post(String path, String body, String contentType, @Nullable String idempotencyKey) {
		var request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(90))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request.build());
	}

	public Response delete(String path) {
		return send(
				HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30)).DELETE().build());
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(90)).GET().build());
	}

	/** A GET with an {@code Accept} header, e.g. {@code text/plain}. */
	public Response get(String path, String accept) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(90))
			.header("Accept", accept)
			.GET()
			.build());
	}

	/** Submits a job and returns its id; fails unless the API answered 202. */
	public String submit(String task, String argsJson) {
		Response response = post("/api/v1/jobs", "{\"task\":\"" + task + "\",\"args\":" + argsJson + "}");
		if (response.status() != 202) {
			throw new AssertionError("Expected 202 for " + task + " but got " + response);
		}
		return response.json().get("id").asString();
	}

	/**
	 * Long-polls the job until it is terminal (or the wait runs out) and returns its
	 * JSON.
	 */
	public JsonNode awaitJob(String id, int waitSeconds) {
		return get("/api/v1/jobs/" + id + "?waitSeconds=" + waitSeconds).json();
	}

	/** A request of any method, with the key; for tests of what the API refuses. */
	public Response send(String method, String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private Response send(HttpRequest request) {
		HttpRequest withKey = (this.key != null) ? HttpRequest.newBuilder(request, (name, value) -> true)
			.header("Authorization", "Bearer " + this.key)
			.build() : request;
		try {
			HttpResponse<String> response = this.http.send(withKey, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers().firstValue("Content-Type"),
					response.headers().firstValue("Location"), response.headers().firstValue("Retry-After"),
					response.headers().firstValue("WWW-Authenticate"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What the API answered. */
	public record Response(int status, String body, Optional<String> contentType, Optional<String> location,
			Optional<String> retryAfter, Optional<String> wwwAuthenticate) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
