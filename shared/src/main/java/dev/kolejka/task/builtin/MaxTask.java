package dev.kolejka.task.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The maximum of the first {@code count} values of
 * {@code new SplittableRandom(seed).nextLong()}. Value i (1-based) is SplitMix64's
 * finalizer applied to {@code seed + i * GAMMA}, so each of the {@code chunks} parts
 * computes its own range directly, in parallel on the CPU pool, and the result does not
 * depend on {@code chunks}.
 */
@TaskName("max")
public record MaxTask(@Min(1) @Max(1_000_000_000) int count, long seed,
		@Min(1) @Max(1024) int chunks) implements Task<MaxTask.Result> {

	private static final long GAMMA = 0x9E3779B97F4A7C15L;

	@Override
	public Result run(TaskContext context) throws Exception {
		int parts = Math.min(this.chunks, this.count);
		var ranges = new ArrayList<Callable<Long>>(parts);
		for (int part = 0; part < parts; part++) {
			long from = 1 + (long) this.count * part / parts;
			long to = (long) this.count * (part + 1) / parts;
			ranges.add(() -> maxOf(from, to));
		}
		List<Long> maxima = context.parallel(ranges);
		return new Result(maxima.stream().mapToLong(Long::longValue).max().orElseThrow());
	}

	private long maxOf(long fromInclusive, long toInclusive) {
		long max = Long.MIN_VALUE;
		for (long i = fromInclusive; i <= toInclusive; i++) {
			max = Math.max(max, mix64(this.seed + i * GAMMA));
		}
		return max;
	}

	static long mix64(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	public record Result(long max) {
	}

}
