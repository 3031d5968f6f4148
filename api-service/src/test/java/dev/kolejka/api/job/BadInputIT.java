package dev.kolejka.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kolejka.api.ApiApplication;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.ApiClient.Response;
import dev.kolejka.testing.TopicRecords;
import dev.kolejka.topic.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every bad input of SPEC §4 gets its status and problem type, and nothing reaches Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ApiApplication.class,
		properties = { ApiApplication.CONFIG_NAME, "management.server.port=0" })
class BadInputIT {

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		ApiOnBroker.register(registry, BadInputIT.class);
	}

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private Topics topics;

	private ApiClient api;

	private long recordsBefore;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
		this.recordsBefore = records();
	}

	@AfterEach
	void nothingReachedKafka() {
		assertThat(records()).isEqualTo(this.recordsBefore);
	}

	@Test
	void malformedJsonIs400() {
		Response response = this.api.post("/api/v1/jobs", "{\"task\": \"noop\", ");

		assertProblem(response, 400, "malformed-request");
	}

	@Test
	void unknownTaskIs404() {
		Response response = this.api.post("/api/v1/jobs", "{\"task\":\"rm-rf\",\"args\":{}}");

		assertProblem(response, 404, "unknown-task");
		assertThat(response.json().get("detail").asString()).contains("rm-rf");
	}

	@Test
	void invalidArgsAre422ListingEveryField() {
		Response response = this.api.post("/api/v1/jobs",
				"{\"task\":\"max\",\"args\":{\"count\":\"many\",\"seed\":1,\"chunks\":2,\"colour\":\"red\"}}");

		assertProblem(response, 422, "invalid-arguments");
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("args.colour");

		Response types = this.api.post("/api/v1/jobs",
				"{\"task\":\"max\",\"args\":{\"count\":\"many\",\"seed\":\"x\",\"chunks\":2}}");
		assertProblem(types, 422, "invalid-arguments");
		assertThat(types.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("args.count",
				"args.seed");
	}

	@Test
	void constraintViolationsAre422ListingEveryField() {
		Response response = this.api.post("/api/v1/jobs",
				"{\"task\":\"max\",\"args\":{\"count\":0,\"seed\":1,\"chunks\":5000},\"options\":{\"pool\":\"gpu\",\"backoff\":\"soon\"}}");

		assertProblem(response, 422, "invalid-arguments");
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("args.count",
				"args.chunks", "options.pool", "options.backoff");
	}

	@Test
	void missingArgsAre422() {
		Response response = this.api.post("/api/v1/jobs", "{\"task\":\"word-lengths\",\"args\":{}}");

		assertProblem(response, 422, "invalid-arguments");
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("args.text");
	}

	@Test
	void bodyOverTheLimitIs413() {
		String text = "x".repeat(1024 * 1024 + 1);

		Response response = this.api.post("/api/v1/jobs",
				"{\"task\":\"word-lengths\",\"args\":{\"text\":\"" + text + "\"}}");

		assertProblem(response, 413, "body-too-large");
	}

	@Test
	void wrongMediaTypeIs415() {
		Response response = this.api.post("/api/v1/jobs", "task=noop", "application/x-www-form-urlencoded", null);

		assertProblem(response, 415, "unsupported-media-type");
	}

	@Test
	void batchOverTheItemLimitIs413() {
		String items = IntStream.range(0, 10_001).mapToObj((i) -> "{}").collect(Collectors.joining(","));

		Response response = this.api.post("/api/v1/jobs/batch", "{\"task\":\"noop\",\"items\":[" + items + "]}");

		assertProblem(response, 413, "batch-too-large");
	}

	@Test
	void batchWithOneBadItemIs422NamingThatItem() {
		Response response = this.api.post("/api/v1/jobs/batch",
				"{\"task\":\"sleep\",\"items\":[{\"ms\":1},{\"ms\":-5},{\"ms\":2}]}");

		assertProblem(response, 422, "invalid-arguments");
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("items[1].ms");
	}

	private static void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType())
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		assertThat(response.json().get("type").asString()).isEqualTo("https://kolejka.dev/problems/" + type);
	}

	private long records() {
		return TopicRecords.count(this.topics.jobs()) + TopicRecords.count(this.topics.jobEvents());
	}

}
