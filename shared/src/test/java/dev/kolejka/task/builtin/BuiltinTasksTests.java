package dev.kolejka.task.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BuiltinTasksTests {

	private final InlineTaskContext context = new InlineTaskContext();

	@Test
	void registryFindsEveryBuiltinTaskThroughServiceLoaderWithItsDefaultPool() {
		var registry = TaskRegistry.load(TaskSettings.DEFAULTS);

		assertThat(registry.descriptors()).extracting(TaskDescriptor::name)
			.contains("noop", "word-lengths", "max", "cpu-burn", "sleep", "count");
		assertThat(registry.find("sleep")).get().returns(Pool.IO, TaskDescriptor::defaultPool);
		assertThat(registry.find("noop")).get().returns(Pool.CPU, TaskDescriptor::defaultPool);
	}

	@Test
	void wordLengthsOfThePiMnemonicAreTheDigitsOfPi() {
		var lengths = new WordLengthsTask("How I wish I could calculate pi").run(this.context);

		assertThat(lengths).containsExactly(3, 1, 4, 1, 5, 9, 2);
	}

	@Test
	void wordLengthsIgnorePunctuation() {
		var lengths = new WordLengthsTask("How I want a drink, alcoholic of course").run(this.context);

		assertThat(lengths).containsExactly(3, 1, 4, 1, 5, 9, 2, 6);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 7, 64 })
	void maxEqualsTheMaxOfSplittableRandomWhateverTheChunks(int chunks) throws Exception {
		var random = new SplittableRandom(42);
		long expected = LongStream.generate(random::nextLong).limit(10_000).max().orElseThrow();

		var result = new MaxTask(10_000, 42, chunks).run(this.context);

		assertThat(result.max()).isEqualTo(expected);
		assertThat(this.context.partsRun).isEqualTo(chunks);
	}

	@Test
	void cpuBurnChainsSha256FromThirtyTwoZeroBytes() throws Exception {
		var sha256 = MessageDigest.getInstance("SHA-256");
		byte[] expected = sha256.digest(sha256.digest(sha256.digest(new byte[32])));

		var result = new CpuBurnTask(3).run(this.context);

		assertThat(result.digest()).isEqualTo(HexFormat.of().formatHex(expected));
	}

	@Test
	void countAddsItsDeltaToTheNamedCounter() {
		var result = new CountTask("visits", 5).run(this.context);

		assertThat(result.counter()).isEqualTo("visits");
		assertThat(this.context.counters).containsEntry("visits", 5L);
	}

	@Test
	void sleepReportsHowLongItSlept() throws Exception {
		var result = new SleepTask(1).run(this.context);

		assertThat(result.sleptMs()).isEqualTo(1);
	}

}
