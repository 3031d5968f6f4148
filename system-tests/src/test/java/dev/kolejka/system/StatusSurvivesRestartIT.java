package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.kolejka.testing.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The status view lives on disk and in job-events: restarting the API loses no job's
 * state or result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusSurvivesRestartIT {

	private final Stack stack = new Stack(StatusSurvivesRestartIT.class);

	@BeforeAll
	void start() {
		this.stack.start(1);
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	@Test
	void finishedJobsAreStillServedAfterTheApiRestarts() {
		ApiClient api = this.stack.client();
		var ids = new ArrayList<String>();
		for (int i = 0; i < 20; i++) {
			ids.add(api.submit("word-lengths", "{\"text\":\"How I wish I could calculate pi " + i + "\"}"));
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ids)
				.allSatisfy((id) -> assertThat(api.get("/api/v1/jobs/" + id).json().get("state").asString())
					.isEqualTo("SUCCEEDED")));
		List<JsonNode> before = ids.stream().map((id) -> api.get("/api/v1/jobs/" + id).json()).toList();

		this.stack.restartApi();

		ApiClient restarted = this.stack.client();
		for (int i = 0; i < ids.size(); i++) {
			JsonNode job = restarted.get("/api/v1/jobs/" + ids.get(i)).json();
			assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
			assertThat(job.get("result").toString()).isEqualTo(before.get(i).get("result").toString());
			assertThat(job.get("submittedAt").asString()).isEqualTo(before.get(i).get("submittedAt").asString());
		}
	}

}
