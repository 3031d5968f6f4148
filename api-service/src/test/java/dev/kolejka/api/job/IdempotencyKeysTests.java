package dev.kolejka.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.api.config.ApiProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class IdempotencyKeysTests {

	private final IdempotencyKeys keys = new IdempotencyKeys(new ApiProperties(DataSize.ofMegabytes(1), 10_000, 500,
			Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5)));

	@Test
	void concurrentRepeatsSendOnceAndAllSeeTheSameJob() throws Exception {
		var sent = new AtomicInteger();
		var view = new ConcurrentHashMap<String, String>();
		int callers = 16;
		var barrier = new CyclicBarrier(callers);

		var outcomes = new ArrayList<Future<IdempotencyKeys.Outcome<String>>>();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < callers; i++) {
				outcomes.add(executor.submit(() -> {
					barrier.await();
					return this.keys.once("id-1", () -> Optional.ofNullable(view.get("id-1")), () -> {
						String job = "job-" + sent.incrementAndGet();
						view.put("id-1", job);
						return job;
					});
				}));
			}
		}

		assertThat(sent).hasValue(1);
		var results = new ArrayList<IdempotencyKeys.Outcome<String>>();
		for (var outcome : outcomes) {
			results.add(outcome.get());
		}
		assertThat(results).extracting(IdempotencyKeys.Outcome::value).containsOnly("job-1");
		assertThat(results).filteredOn((outcome) -> !outcome.repeated()).hasSize(1);
		assertThat(this.keys.held()).isZero();
	}

	@Test
	void aFailedSendLetsTheNextRepeatTryAgain() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.keys.once("id-2", Optional::empty, () -> {
				throw new IllegalStateException("Kafka said no");
			}));

		var outcome = this.keys.once("id-2", Optional::<String>empty, () -> "sent");

		assertThat(outcome).isEqualTo(new IdempotencyKeys.Outcome<>("sent", false));
		assertThat(this.keys.held()).isZero();
	}

	@Test
	void aKnownJobIsARepeatAndNothingIsSent() {
		var outcome = this.keys.once("id-3", () -> Optional.of("known"), () -> {
			throw new AssertionError("must not send");
		});

		assertThat(outcome).isEqualTo(new IdempotencyKeys.Outcome<>("known", true));
	}

	@Test
	void differentKeysDoNotWaitForEachOther() {
		var inner = this.keys.once("outer", Optional::<String>empty,
				() -> this.keys.once("inner", Optional::<String>empty, () -> "inner-sent").value());

		assertThat(inner.value()).isEqualTo("inner-sent");
	}

}
