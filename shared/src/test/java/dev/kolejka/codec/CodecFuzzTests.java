package dev.kolejka.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.builtin.CpuBurnTask;
import dev.kolejka.task.builtin.WordLengthsTask;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.fory.Fory;
import org.apache.fory.config.CompatibleMode;
import org.jspecify.annotations.Nullable;

/**
 * Fuzzes the codec with what an attacker who can write to Kafka would send: random bytes,
 * and valid records (including ones that name classes outside the registry, the
 * {@link Canary} gadgets) with random bytes changed, every one under a valid header and
 * checksum so that it reaches Fory. Decoding must either give a value of the expected
 * type made of registered types, or refuse with a {@link CodecException}; and no
 * {@link Canary}, whose every construction is counted, may ever be instantiated.
 *
 * <p>
 * {@code ./mvnw verify} runs 3,000 inputs per property (seconds); a longer run:
 * {@code ./mvnw -B -o -pl shared test -Dtest=CodecFuzzTests -Djqwik.tries.default=1000000}
 * (the tries below are a ceiling that system property raises).
 */
class CodecFuzzTests {

	private static final int TRIES = Integer.getInteger("jqwik.tries.default", 3_000);

	private static final TaskRegistry REGISTRY = TaskRegistry.load(TaskSettings.DEFAULTS);

	private static final ForyTaskCodec CODEC = new ForyTaskCodec(REGISTRY, 1 << 20);

	private static final List<byte[]> SEEDS = seeds();

	private static final AtomicLong inputs = new AtomicLong();

	private static final AtomicLong decoded = new AtomicLong();

	private static final AtomicLong refused = new AtomicLong();

	@Property(tries = 3_000)
	void randomBytesAreRefusedOrDecodeToRegisteredTypes(@ForAll @Size(max = 512) byte[] payload) {
		decode(payload);
	}

	@Property(tries = 3_000)
	void mutatedRecordsAreRefusedOrDecodeToRegisteredTypes(@ForAll @IntRange(min = 0, max = 3) int seed,
			@ForAll long noise, @ForAll @IntRange(min = 1, max = 16) int changes) {
		byte[] payload = SEEDS.get(seed).clone();
		var random = new SplittableRandom(noise);
		for (int i = 0; i < changes; i++) {
			payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
		}
		decode(payload);
	}

	@Property(tries = 10)
	void aRecordNamingAClassOutsideTheRegistryIsRefusedWhole(@ForAll @IntRange(min = 2, max = 3) int seed) {
		Throwable failure = catchDecode(SEEDS.get(seed));

		assertThat(failure).isInstanceOf(CodecException.UnregisteredClass.class);
	}

	@AfterContainer
	static void report() {
		assertThat(Canary.constructed).hasValue(0);
		System.out.printf(
				"codec fuzz: %d inputs, %d decoded, %d refused, classes outside the registry "
						+ "instantiated: %d (max depth %d, tries per property %d)%n",
				inputs.get(), decoded.get(), refused.get(), Canary.constructed.get(), ForyTaskCodec.MAX_DEPTH, TRIES);
	}

	private static void decode(byte[] payload) {
		inputs.incrementAndGet();
		Throwable failure = catchDecode(payload);
		assertThat(Canary.constructed).hasValue(0);
		if (failure == null) {
			decoded.incrementAndGet();
		}
		else {
			refused.incrementAndGet();
			assertThat(failure).isInstanceOf(CodecException.class);
		}
	}

	private static @Nullable Throwable catchDecode(byte[] payload) {
		try {
			JobChunk chunk = CODEC.decode(CodecHeader.wrap(payload), JobChunk.class);
			for (JobSubmission job : chunk.jobs()) {
				// a successful decode holds only registered tasks
				assertThat(REGISTRY.describe(job.task().getClass())).isPresent();
			}
			return null;
		}
		catch (CodecException ex) {
			return ex;
		}
	}

	private static List<byte[]> seeds() {
		var options = new JobOptions(Pool.IO, 5, Duration.ofMillis(200), Duration.ofSeconds(3), "k", "o", "h");
		JobSubmission burn = submission("cpu-burn", new CpuBurnTask(10), options);
		JobSubmission words = submission("word-lengths", new WordLengthsTask("How I wish"), JobOptions.DEFAULTS);
		JobSubmission canary = submission("noop", new Canary("gadget"), options);
		Fory permissive = Fory.builder()
			.withXlang(false)
			.requireClassRegistration(false)
			.withCompatibleMode(CompatibleMode.COMPATIBLE)
			.withRefTracking(false)
			.build();
		byte[] canaryChunk = permissive.serialize(new JobChunk(List.of(words, canary)));
		byte[] canaryAlone = permissive.serialize(new Canary("alone"));
		Canary.constructed.set(0);
		return List.of(payloadOf(new JobChunk(List.of(burn))), payloadOf(new JobChunk(List.of(burn, words))),
				canaryChunk, canaryAlone);
	}

	private static byte[] payloadOf(Object value) {
		byte[] record = CODEC.encode(value);
		return java.util.Arrays.copyOfRange(record, CodecHeader.LENGTH, record.length);
	}

	private static JobSubmission submission(String name, Task<?> task, JobOptions options) {
		return new JobSubmission(JobId.newId(Clock.systemUTC()), name, task, options, Instant.EPOCH, 1, null);
	}

	/** A class outside the registry that counts every instance made of it. */
	record Canary(String payload) implements Task<Void> {

		static final AtomicLong constructed = new AtomicLong();

		Canary {
			constructed.incrementAndGet();
		}

		@Override
		public @Nullable Void run(TaskContext context) {
			return null;
		}

	}

}
