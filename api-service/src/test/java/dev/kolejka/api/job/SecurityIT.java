package dev.kolejka.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.IntStream;

import dev.kolejka.api.ApiApplication;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.ApiClient.Response;
import dev.kolejka.testing.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * API keys, scopes and owners over real HTTP: who may call, what each owner sees, and
 * that every refusal is problem+json with a stable type.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ApiApplication.class,
		properties = { ApiApplication.CONFIG_NAME, "management.server.port=0" })
class SecurityIT {

	private static final String NOOP = "{\"task\":\"noop\",\"args\":{}}";

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		ApiOnBroker.register(registry, SecurityIT.class);
	}

	@Value("${local.server.port}")
	private int port;

	private ApiClient admin;

	private ApiClient alice;

	private ApiClient bob;

	@BeforeEach
	void clients() {
		this.admin = new ApiClient(this.port, TestKeys.ADMIN);
		this.alice = this.admin.as(TestKeys.ALICE);
		this.bob = this.admin.as(TestKeys.BOB);
	}

	@Test
	void noKeyIs401WithBearerChallenge() {
		Response response = this.admin.as(null).get("/api/v1/tasks");

		assertProblem(response, 401, "unauthorized");
		assertThat(response.wwwAuthenticate()).hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
	}

	@Test
	void unknownKeyIs401AndNotEchoed() {
		Response response = this.admin.as("kol_not_a_key_at_all").post("/api/v1/jobs", NOOP);

		assertProblem(response, 401, "unauthorized");
		assertThat(response.wwwAuthenticate())
			.hasValueSatisfying((value) -> assertThat(value).contains("invalid_token"));
		assertThat(response.body()).doesNotContain("kol_not_a_key_at_all");
	}

	@Test
	void readScopeMayReadButNotSubmitOrCancel() {
		ApiClient reader = this.admin.as(TestKeys.READER);

		assertThat(reader.get("/api/v1/tasks").status()).isEqualTo(200);
		assertProblem(reader.post("/api/v1/jobs", NOOP), 403, "insufficient-scope");
		assertProblem(reader.delete("/api/v1/jobs/00000000-0000-7000-8000-000000000000"), 403, "insufficient-scope");
	}

	@Test
	void anotherOwnersJobDoesNotExist() {
		String id = this.alice.submit("noop", "{}");

		assertThat(this.alice.get("/api/v1/jobs/" + id).status()).isEqualTo(200);
		assertProblem(this.bob.get("/api/v1/jobs/" + id), 404, "job-not-found");
		assertProblem(this.bob.get("/api/v1/jobs/" + id + "?waitSeconds=1"), 404, "job-not-found");
		assertProblem(this.bob.delete("/api/v1/jobs/" + id), 404, "job-not-found");
		assertThat(this.admin.get("/api/v1/jobs/" + id).status()).isEqualTo(200);
	}

	@Test
	void listingShowsOnlyTheCallersJobsNewestFirst() {
		String first = this.alice.submit("noop", "{}");
		String second = this.alice.submit("word-lengths", "{\"text\":\"a bb\"}");
		String bobs = this.bob.submit("noop", "{}");

		// the listing reads the status view, which has the jobs milliseconds after their
		// 202
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Response page = this.alice.get("/api/v1/jobs?limit=1000");
			Response noop = this.alice.get("/api/v1/jobs?task=noop&limit=1000");

			assertThat(page.json().get("jobs").findValuesAsString("id")).containsSubsequence(second, first)
				.doesNotContain(bobs);
			assertThat(noop.json().get("jobs").findValuesAsString("id")).contains(first).doesNotContain(second, bobs);
			assertThat(this.admin.get("/api/v1/jobs?limit=1000").json().get("jobs").findValuesAsString("id"))
				.contains(first, second, bobs);
		});
		Response one = this.alice.get("/api/v1/jobs?limit=1");
		assertThat(one.json().get("jobs").size()).isEqualTo(1);
		String cursor = one.json().get("nextCursor").asString();
		assertThat(this.alice.get("/api/v1/jobs?limit=1&cursor=" + cursor).json().get("jobs").findValuesAsString("id"))
			.doesNotContain(one.json().get("jobs").get(0).get("id").asString());
	}

	@Test
	void anotherOwnersBatchDoesNotExist() {
		Response batch = this.alice.post("/api/v1/jobs/batch", "{\"task\":\"noop\",\"items\":[{},{}]}");
		String batchId = batch.json().get("batchId").asString();

		assertThat(this.alice.get("/api/v1/batches/" + batchId).status()).isEqualTo(200);
		assertProblem(this.bob.get("/api/v1/batches/" + batchId), 404, "batch-not-found");
		assertProblem(this.bob.get("/api/v1/jobs/" + batch.json().get("ids").get(0).asString()), 404, "job-not-found");
	}

	@Test
	void idempotencyKeysArePerOwnerAndRefuseAnotherBody() {
		Response first = this.alice.post("/api/v1/jobs", NOOP, "application/json", "same-key");
		Response repeat = this.alice.post("/api/v1/jobs", NOOP, "application/json", "same-key");
		Response other = this.alice.post("/api/v1/jobs", "{\"task\":\"word-lengths\",\"args\":{\"text\":\"x\"}}",
				"application/json", "same-key");
		Response bobs = this.bob.post("/api/v1/jobs", NOOP, "application/json", "same-key");

		assertThat(first.status()).isEqualTo(202);
		assertThat(repeat.status()).isEqualTo(200);
		assertThat(repeat.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
		assertProblem(other, 422, "idempotency-key-reused");
		assertThat(bobs.status()).isEqualTo(202);
		assertThat(bobs.json().get("id").asString()).isNotEqualTo(first.json().get("id").asString());
	}

	@Test
	void batchIdempotencyKeyRepeatsAndRefusesAnotherBody() {
		String body = "{\"task\":\"noop\",\"items\":[{},{},{}]}";
		Response first = this.alice.post("/api/v1/jobs/batch", body, "application/json", "batch-key");
		Response repeat = this.alice.post("/api/v1/jobs/batch", body, "application/json", "batch-key");
		Response other = this.alice.post("/api/v1/jobs/batch", "{\"task\":\"noop\",\"items\":[{}]}", "application/json",
				"batch-key");

		assertThat(first.status()).isEqualTo(202);
		assertThat(repeat.status()).isEqualTo(200);
		assertThat(repeat.json().get("batchId").asString()).isEqualTo(first.json().get("batchId").asString());
		assertProblem(other, 422, "idempotency-key-reused");
	}

	@Test
	void submissionsBeyondTheOwnersRateAre429WithRetryAfter() {
		ApiClient limited = this.admin.as(TestKeys.LIMITED);

		var responses = IntStream.range(0, 10).mapToObj((i) -> limited.post("/api/v1/jobs", NOOP)).toList();

		assertThat(responses).extracting(Response::status).contains(202, 429).containsOnly(202, 429);
		Response refused = responses.stream().filter((response) -> response.status() == 429).findFirst().orElseThrow();
		assertProblem(refused, 429, "rate-limited");
		assertThat(refused.retryAfter())
			.hasValueSatisfying((value) -> assertThat(Integer.parseInt(value)).isPositive());
	}

	@Test
	void everyClientErrorIsProblemJson() {
		assertProblem(this.admin.get("/api/v1/counters/%00"), 400, "bad-request");
		assertProblem(this.admin.get("/api/v1/jobs?limit=many"), 400, "bad-request");
		assertProblem(this.admin.get("/api/v1/jobs?state=LOST"), 422, "invalid-arguments");
		assertProblem(this.admin.send("PUT", "/api/v1/jobs"), 405, "method-not-allowed");
		assertProblem(this.admin.get("/api/v1/no-such-thing"), 404, "not-found");
		assertProblem(this.admin.get("/api/v1/counters/never-counted"), 404, "counter-not-found");
	}

	@Test
	void ceilingsAreRefusedBeforeKafka() {
		String deep = "[".repeat(100) + "]".repeat(100);

		assertProblem(this.admin.post("/api/v1/jobs", "{\"task\":\"noop\",\"args\":{\"x\":" + deep + "}}"), 400,
				"malformed-request");
		assertProblem(this.admin.post("/api/v1/jobs", "{\"task\":\"noop\",\"options\":{\"timeout\":\"PT2562048H\"}}"),
				422, "invalid-arguments");
		assertProblem(this.admin.post("/api/v1/jobs", "{\"task\":\"noop\",\"options\":{\"backoff\":\"P365D\"}}"), 422,
				"invalid-arguments");
		assertProblem(this.admin.post("/api/v1/jobs", "{\"task\":\"cpu-burn\",\"args\":{\"iterations\":2000000000}}"),
				422, "invalid-arguments");
		assertProblem(
				this.admin.post("/api/v1/jobs",
						"{\"task\":\"count\",\"args\":{\"counter\":\"c\",\"by\":" + Long.MAX_VALUE + "}}"),
				422, "invalid-arguments");
	}

	@Test
	void aJobWithoutATimeoutGetsItsPoolsDefault() {
		Response response = this.alice.post("/api/v1/jobs", NOOP);

		assertThat(response.json().get("options").get("timeout").asString()).isEqualTo("PT10M");
	}

	@Test
	void parseErrorsNameNoClass() {
		Response response = this.admin.post("/api/v1/jobs", "{\"task\":\"max\",\"args\":[1,2]}");

		assertThat(response.status()).isBetween(400, 422);
		assertThat(response.body()).doesNotContain("dev.kolejka", "java.", "tools.jackson");
	}

	private static void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response::toString).isEqualTo(status);
		assertThat(response.contentType())
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		assertThat(response.json().get("type").asString()).isEqualTo("https://kolejka.dev/problems/" + type);
	}

}
