package dev.kolejka.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import dev.kolejka.job.BatchRef;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.Execution;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.task.builtin.CountTask;
import dev.kolejka.task.builtin.CpuBurnTask;
import dev.kolejka.task.builtin.MaxTask;
import dev.kolejka.task.builtin.NoopTask;
import dev.kolejka.task.builtin.SleepTask;
import dev.kolejka.task.builtin.WordLengthsTask;
import org.apache.fory.Fory;
import org.apache.fory.config.CompatibleMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ForyTaskCodecTests {

	private static final int MAX_BYTES = 64 * 1024;

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private final TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS), MAX_BYTES);

	static List<Task<?>> builtinTasks() {
		return List.of(new NoopTask(), new WordLengthsTask("How I wish I could calculate pi"), new MaxTask(1000, 7, 4),
				new CpuBurnTask(10), new SleepTask(25), new CountTask("hits", 3));
	}

	@ParameterizedTest
	@MethodSource("builtinTasks")
	void everyBuiltinTaskRoundTripsInsideAChunk(Task<?> task) {
		var options = new JobOptions(Pool.IO, 5, Duration.ofMillis(200), Duration.ofSeconds(3), "key-1");
		var job = new JobSubmission(JobId.newId(java.time.Clock.systemUTC()), "any", task, options, NOW, 2,
				new BatchRef(UUID.randomUUID(), 7));

		var decoded = this.codec.decode(this.codec.encode(JobChunk.of(job)), JobChunk.class);

		assertThat(decoded.jobs()).containsExactly(job);
	}

	@Test
	void eventEnvelopesRoundTrip() {
		var id = JobId.newId(java.time.Clock.systemUTC());
		var execution = new Execution("worker-1", Pool.CPU, 42, "kolejka-cpu-1", 1, 3, 4);
		var submission = new JobEvent.Submission(JobOptions.DEFAULTS, NOW, new BatchRef(UUID.randomUUID(), 3));
		var envelope = EventEnvelope.of(List.of(new JobEvent.Running(id, "noop", 1, NOW, execution, submission),
				new JobEvent.Succeeded(id, "noop", 1, NOW, NOW, execution, "[3,1]", Map.of("hits", 2L), submission)));

		assertThat(this.codec.decode(this.codec.encode(envelope), EventEnvelope.class)).isEqualTo(envelope);
	}

	@Test
	void refusesBytesNamingAnUnregisteredClassWithoutLoadingIt() {
		byte[] foreign = withHeader(permissiveFory().serialize(new Gadget("rm -rf /")));
		int constructions = Gadget.CONSTRUCTIONS.get();

		assertThatExceptionOfType(CodecException.UnregisteredClass.class)
			.isThrownBy(() -> this.codec.decode(foreign, JobChunk.class))
			.withMessageContaining(Gadget.class.getName());
		assertThat(Gadget.CONSTRUCTIONS).hasValue(constructions);
	}

	@Test
	void refusesAnUnregisteredTaskSmuggledInsideARegisteredChunk() {
		var fory = permissiveFory();
		fory.register(JobChunk.class, "kolejka", "JobChunk");
		fory.register(JobSubmission.class, "kolejka", "JobSubmission");
		fory.register(JobOptions.class, "kolejka", "JobOptions");
		fory.register(JobId.class, "kolejka", "JobId");
		var job = new JobSubmission(new JobId(UUID.randomUUID()), "gadget", new Gadget("x"), JobOptions.DEFAULTS, NOW,
				1, null);
		byte[] smuggled = withHeader(fory.serialize(JobChunk.of(job)));
		int constructions = Gadget.CONSTRUCTIONS.get();

		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> this.codec.decode(smuggled, JobChunk.class));
		assertThat(Gadget.CONSTRUCTIONS).hasValue(constructions);
	}

	@Test
	void refusesTruncatedInputWithAClearMessage() {
		byte[] bytes = this.codec.encode(JobChunk.of(aJob()));

		assertThatExceptionOfType(CodecException.Malformed.class)
			.isThrownBy(() -> this.codec.decode(Arrays.copyOf(bytes, bytes.length - 5), JobChunk.class))
			.withMessageContaining("truncated or corrupted");
		assertThatExceptionOfType(CodecException.Malformed.class)
			.isThrownBy(() -> this.codec.decode(Arrays.copyOf(bytes, 3), JobChunk.class))
			.withMessageContaining("Truncated");
	}

	@Test
	void refusesOversizedInputBeforeDecoding() {
		byte[] huge = new byte[MAX_BYTES + 1];

		assertThatExceptionOfType(CodecException.TooLarge.class)
			.isThrownBy(() -> this.codec.decode(huge, JobChunk.class))
			.withMessageContaining("over the limit");
	}

	@Test
	void refusesToEncodeMoreThanTheLimit() {
		var big = new JobSubmission(new JobId(UUID.randomUUID()), "word-lengths",
				new WordLengthsTask("x".repeat(MAX_BYTES)), JobOptions.DEFAULTS, NOW, 1, null);

		assertThatExceptionOfType(CodecException.TooLarge.class).isThrownBy(() -> this.codec.encode(JobChunk.of(big)));
	}

	@Test
	void refusesForeignMagicAndUnknownVersions() {
		byte[] bytes = this.codec.encode(JobChunk.of(aJob()));
		byte[] foreign = bytes.clone();
		foreign[0] = '{';
		byte[] future = bytes.clone();
		future[2] = 9;

		assertThatExceptionOfType(CodecException.Malformed.class)
			.isThrownBy(() -> this.codec.decode(foreign, JobChunk.class));
		assertThatExceptionOfType(CodecException.UnsupportedVersion.class)
			.isThrownBy(() -> this.codec.decode(future, JobChunk.class))
			.withMessageContaining("version 9");
	}

	@Test
	void refusesRandomPayloadsEvenWithAValidHeader() {
		var random = new Random(1);
		for (int i = 0; i < 2_000; i++) {
			byte[] payload = new byte[1 + random.nextInt(200)];
			random.nextBytes(payload);

			assertThatExceptionOfType(CodecException.class)
				.isThrownBy(() -> this.codec.decode(withHeader(payload), JobChunk.class));
		}
	}

	@Test
	void refusesAValueOfAnotherRegisteredType() {
		byte[] options = this.codec.encode(JobOptions.DEFAULTS);

		assertThatExceptionOfType(CodecException.Malformed.class)
			.isThrownBy(() -> this.codec.decode(options, JobChunk.class))
			.withMessageContaining("Expected a JobChunk");
	}

	private static JobSubmission aJob() {
		return new JobSubmission(new JobId(UUID.randomUUID()), "noop", new NoopTask(), JobOptions.DEFAULTS, NOW, 1,
				null);
	}

	private static Fory permissiveFory() {
		return Fory.builder()
			.withXlang(false)
			.requireClassRegistration(false)
			.withCompatibleMode(CompatibleMode.COMPATIBLE)
			.withRefTracking(false)
			.build();
	}

	private static byte[] withHeader(byte[] payload) {
		var crc = new CRC32C();
		crc.update(payload);
		return ByteBuffer.allocate(CodecHeader.LENGTH + payload.length)
			.put((byte) 'K')
			.put((byte) 'J')
			.put(CodecHeader.VERSION)
			.put((byte) 0)
			.putInt((int) crc.getValue())
			.put(payload)
			.array();
	}

	/** Stands for a gadget-chain class: it must never be constructed from bytes. */
	record Gadget(String command) implements Task<String> {

		static final AtomicInteger CONSTRUCTIONS = new AtomicInteger();

		Gadget {
			CONSTRUCTIONS.incrementAndGet();
		}

		@Override
		public String run(TaskContext context) {
			return this.command;
		}

	}

}
