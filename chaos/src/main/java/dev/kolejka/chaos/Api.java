package dev.kolejka.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The soak's HTTP client: short timeouts (the API may be down at any moment), the bearer
 * key on every call, and no exception for an answer, only for no answer.
 */
final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String base;

	private final Supplier<String> key;

	Api(String base, Supplier<String> key) {
		this.base = base;
		this.key = key;
	}

	Reply post(String path, String body, String idempotencyKey) throws IOException, InterruptedException {
		return send(request(path, Duration.ofSeconds(15)).header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	Reply get(String path, Duration timeout) throws IOException, InterruptedException {
		return send(request(path, timeout).GET());
	}

	Reply delete(String path) throws IOException, InterruptedException {
		return send(request(path, Duration.ofSeconds(10)).DELETE());
	}

	private HttpRequest.Builder request(String path, Duration timeout) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(timeout)
			.header("Authorization", "Bearer " + this.key.get());
	}

	private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new Reply(response.statusCode(), response.body());
	}

	/** An answer of the API. */
	record Reply(int status, String body) {

		@Nullable JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (JacksonException ex) {
				return null;
			}
		}

		String text(String pointer) {
			JsonNode json = json();
			return (json != null) ? json.at(pointer).asString("") : "";
		}

	}

}
