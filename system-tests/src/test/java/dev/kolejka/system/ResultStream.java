package dev.kolejka.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import dev.kolejka.testing.TestKeys;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code GET /api/v1/batches/{id}/results} as a client would: server-sent events
 * parsed line by line, or NDJSON, stopping after as many events as asked.
 */
final class ResultStream {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private ResultStream() {
	}

	/** One {@code result} event: its id and its data. */
	record Event(long id, JsonNode job) {

		int index() {
			return this.job.get("index").asInt();
		}

	}

	/**
	 * The first {@code max} result events (all of them, and the end, when {@code max} is
	 * larger than the batch).
	 */
	static List<Event> events(int port, String batchId, String order, @Nullable String lastEventId, int max) {
		var request = HttpRequest.newBuilder(uri(port, batchId, order))
			.timeout(Duration.ofSeconds(60))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + TestKeys.ADMIN);
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		var events = new ArrayList<Event>();
		try (Stream<String> lines = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()).body()) {
			Iterator<String> it = lines.iterator();
			long id = 0;
			String type = "message";
			while (events.size() < max && it.hasNext()) {
				String line = it.next();
				if (line.startsWith("id: ")) {
					id = Long.parseLong(line.substring(4));
				}
				else if (line.startsWith("event: ")) {
					type = line.substring(7);
				}
				else if (line.startsWith("data: ") && type.equals("result")) {
					events.add(new Event(id, JSON.readTree(line.substring(6))));
				}
				else if (line.startsWith("data: ") && type.equals("end")) {
					break;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return events;
	}

	/** Every line of the NDJSON stream, parsed. */
	static List<JsonNode> lines(int port, String batchId, String order) {
		var request = HttpRequest.newBuilder(uri(port, batchId, order))
			.timeout(Duration.ofSeconds(60))
			.header("Accept", "application/x-ndjson")
			.header("Authorization", "Bearer " + TestKeys.ADMIN)
			.build();
		try {
			HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
			try (Stream<String> lines = response.body()) {
				return lines.filter((line) -> !line.isBlank()).map(JSON::readTree).map(JsonNode.class::cast).toList();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static URI uri(int port, String batchId, String order) {
		return URI.create("http://127.0.0.1:" + port + "/api/v1/batches/" + batchId + "/results?order=" + order);
	}

}
