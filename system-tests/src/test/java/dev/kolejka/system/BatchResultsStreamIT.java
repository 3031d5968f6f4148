package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.kolejka.system.ResultStream.Event;
import dev.kolejka.testing.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * {@code imap} and {@code imap_unordered} over HTTP, against a real API and a worker:
 * completion order hands over a short job before a long one, item order never does, and a
 * reconnect with {@code Last-Event-ID} resumes without gaps or repeats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchResultsStreamIT {

	private final Stack stack = new Stack(BatchResultsStreamIT.class);

	private ApiClient api;

	private int port;

	@BeforeAll
	void start() {
		this.stack.start(1);
		this.api = this.stack.client();
		this.port = Integer.parseInt(this.stack.api().getEnvironment().getRequiredProperty("local.server.port"));
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	private String submitSleeps(int... millis) {
		String items = String.join(",", IntStream.of(millis).mapToObj((ms) -> "{\"ms\":" + ms + "}").toList());
		var response = this.api.post("/api/v1/jobs/batch", "{\"task\":\"sleep\",\"items\":[" + items + "]}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("batchId").asString();
	}

	@Test
	void completionOrderDeliversTheShortJobBeforeTheLongOne() {
		String batch = submitSleeps(2000, 50);

		List<Event> events = ResultStream.events(this.port, batch, "completion", null, 10);

		assertThat(events).extracting(Event::index).containsExactly(1, 0);
		assertThat(events).extracting(Event::id).containsExactly(1L, 2L);
		assertThat(events.getFirst().job().get("result").get("sleptMs").asInt()).isEqualTo(50);
		assertThat(events.getFirst().job().get("state").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void itemOrderWaitsForTheLongJobFirst() {
		String batch = submitSleeps(2000, 50);

		List<Event> events = ResultStream.events(this.port, batch, "item", null, 10);

		assertThat(events).extracting(Event::index).containsExactly(0, 1);
		assertThat(events.getFirst().job().get("result").get("sleptMs").asInt()).isEqualTo(2000);
	}

	@Test
	void reconnectWithLastEventIdResumesWithoutGapsOrRepeats() {
		int[] millis = IntStream.range(0, 20).map((i) -> 50 + (i * 37) % 400).toArray();
		String batch = submitSleeps(millis);

		List<Event> first = ResultStream.events(this.port, batch, "completion", null, 7);
		List<Event> rest = ResultStream.events(this.port, batch, "completion", Long.toString(first.getLast().id()),
				100);
		List<Event> whole = ResultStream.events(this.port, batch, "completion", null, 100);

		var resumed = new ArrayList<>(first);
		resumed.addAll(rest);
		assertThat(first).hasSize(7);
		assertThat(resumed).extracting(Event::id).containsExactlyElementsOf(LongRange.of(1, 20));
		assertThat(resumed).extracting(Event::index)
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList())
			.containsExactlyElementsOf(whole.stream().map(Event::index).toList());
	}

	@Test
	void itemOrderResumesAfterTheLastItemSeen() {
		String batch = submitSleeps(30, 20, 10, 40, 50);

		List<Event> rest = ResultStream.events(this.port, batch, "item", "2", 100);

		assertThat(rest).extracting(Event::index).containsExactly(2, 3, 4);
		assertThat(rest).extracting(Event::id).containsExactly(3L, 4L, 5L);
	}

	@Test
	void ndjsonCarriesOneJobPerLineWithItsIndex() {
		String batch = submitSleeps(100, 10, 60);

		List<JsonNode> lines = ResultStream.lines(this.port, batch, "item");

		assertThat(lines).extracting((line) -> line.get("index").asInt()).containsExactly(0, 1, 2);
		assertThat(lines).allSatisfy((line) -> assertThat(line.get("state").asString()).isEqualTo("SUCCEEDED"));
	}

	@Test
	void anUnknownOrderIsAProblem() {
		String batch = submitSleeps(10);

		var response = this.api.get("/api/v1/batches/" + batch + "/results?order=random",
				"text/event-stream, application/problem+json");

		assertThat(response.status()).isEqualTo(422);
	}

	private static final class LongRange {

		static List<Long> of(long from, long to) {
			return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
		}

	}

}
