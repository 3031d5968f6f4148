package dev.kolejka.task.builtin;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Pure CPU work: 32 zero bytes replaced {@code iterations} times by their SHA-256; the
 * last digest in hex.
 */
@TaskName("cpu-burn")
public record CpuBurnTask(@Min(0) @Max(100_000_000) int iterations) implements Task<CpuBurnTask.Result> {

	@Override
	public Result run(TaskContext context) throws NoSuchAlgorithmException, DigestException {
		return new Result(HexFormat.of().formatHex(burn(this.iterations)));
	}

	/** The digest chain itself, also used by benchmarks as the single-thread baseline. */
	public static byte[] burn(int iterations) throws NoSuchAlgorithmException, DigestException {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		byte[] state = new byte[32];
		for (int i = 0; i < iterations; i++) {
			if ((i & 0xFFF) == 0 && Thread.currentThread().isInterrupted()) {
				throw new DigestException("interrupted after " + i + " of " + iterations + " iterations");
			}
			sha256.update(state);
			sha256.digest(state, 0, state.length);
		}
		return state;
	}

	public record Result(String digest) {
	}

}
