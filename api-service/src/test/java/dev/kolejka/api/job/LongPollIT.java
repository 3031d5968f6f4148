package dev.kolejka.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kolejka.api.ApiApplication;
import dev.kolejka.testing.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Long polls with no worker running, so jobs stay queued unless cancelled: a batch poll
 * wakes when its last job ends, polls beyond the cap are refused, and batch results page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ApiApplication.class,
		properties = { ApiApplication.CONFIG_NAME, "management.server.port=0", "kolejka.api.long-polls.max=2" })
class LongPollIT {

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		ApiOnBroker.register(registry, LongPollIT.class);
	}

	@Value("${local.server.port}")
	private int port;

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void aBatchLongPollAnswersAsSoonAsItsLastJobEnds() {
		Batch batch = submitBatch(5);
		CompletableFuture<JsonNode> poll = CompletableFuture
			.supplyAsync(() -> this.api.get("/api/v1/batches/" + batch.id() + "?waitSeconds=50").json());

		batch.ids().forEach((id) -> assertThat(this.api.delete("/api/v1/jobs/" + id).status()).isEqualTo(202));

		assertThat(poll).succeedsWithin(Duration.ofSeconds(30))
			.satisfies((view) -> assertThat(view.get("cancelled").asInt()).isEqualTo(5));
	}

	@Test
	void longPollsBeyondTheCapAreRefusedWithRetryAfter() {
		String id = this.api.submit("noop", "{}");
		var waiting = new ArrayList<CompletableFuture<ApiClient.Response>>();
		for (int i = 0; i < 2; i++) {
			waiting.add(CompletableFuture.supplyAsync(() -> this.api.get("/api/v1/jobs/" + id + "?waitSeconds=20")));
		}

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			var refused = this.api.get("/api/v1/jobs/" + id + "?waitSeconds=1");
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.json().get("type").asString()).endsWith("/too-many-long-polls");
			assertThat(refused.retryAfter()).isPresent();
		});
		assertThat(this.api.get("/api/v1/jobs/" + id).status()).as("a plain read is never refused").isEqualTo(200);
		this.api.delete("/api/v1/jobs/" + id);
		assertThat(CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)))
			.succeedsWithin(Duration.ofSeconds(30));
	}

	@Test
	void batchResultsPageByOffsetAndLimitWhileCountsCoverTheWholeBatch() {
		Batch batch = submitBatch(10);

		JsonNode page = this.api.get("/api/v1/batches/" + batch.id() + "?offset=3&limit=4").json();

		assertThat(page.get("total").asInt()).isEqualTo(10);
		assertThat(page.get("offset").asInt()).isEqualTo(3);
		assertThat(page.get("states")).hasSize(4);
		assertThat(page.get("results")).hasSize(4);
	}

	private Batch submitBatch(int items) {
		String args = IntStream.range(0, items).mapToObj((i) -> "{}").collect(Collectors.joining(","));
		var response = this.api.post("/api/v1/jobs/batch", "{\"task\":\"noop\",\"items\":[" + args + "]}");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		var ids = new ArrayList<String>();
		response.json().get("ids").forEach((id) -> ids.add(id.asString()));
		return new Batch(response.json().get("batchId").asString(), ids);
	}

	private record Batch(String id, List<String> ids) {
	}

}
