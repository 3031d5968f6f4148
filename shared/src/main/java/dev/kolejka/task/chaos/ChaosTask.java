package dev.kolejka.task.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Fault drills: misbehaves the way real tasks do, so that users can watch Kolejka cope.
 * Offered only when {@code kolejka.tasks.chaos.enabled=true}.
 *
 * <ul>
 * <li>{@code throw}: fails with an exception carrying {@code message};</li>
 * <li>{@code exit}: ends the whole process at once with {@code exitCode}, default 1 (on
 * the {@code process} pool the child, elsewhere the worker itself);</li>
 * <li>{@code hang}: blocks and ignores interrupts, for {@code ms} milliseconds or, with
 * 0, until its process dies;</li>
 * <li>{@code oom}: allocates until the heap is exhausted.</li>
 * </ul>
 * The default pool is {@code process}: there a drill costs one child, which is replaced.
 *
 * @param mode {@code throw}, {@code exit}, {@code hang} or {@code oom}
 * @param ms how long {@code hang} lasts; absent or 0 for ever
 * @param exitCode the status {@code exit} ends the process with
 * @param message the exception message of {@code throw}
 */
@TaskName(value = "chaos", pool = Pool.PROCESS)
public record ChaosTask(@NotNull @Pattern(regexp = "throw|exit|hang|oom") String mode,
		@Min(0) @Max(86_400_000) @Nullable Long ms, @Min(0) @Max(255) @Nullable Integer exitCode,
		@Size(max = 1_000) @Nullable String message) implements Task<ChaosTask.Result> {

	public static ChaosTask hang(long ms) {
		return new ChaosTask("hang", ms, null, null);
	}

	public static ChaosTask exit(int exitCode) {
		return new ChaosTask("exit", null, exitCode, null);
	}

	@Override
	public Result run(TaskContext context) {
		switch (this.mode) {
			case "throw" -> throw new ChaosException((this.message != null) ? this.message : "chaos: throw");
			case "exit" -> Runtime.getRuntime().halt((this.exitCode != null) ? this.exitCode : 1);
			case "hang" -> hang();
			case "oom" -> exhaustHeap();
			default -> throw new IllegalArgumentException("Unknown chaos mode '" + this.mode + "'");
		}
		return new Result(this.mode);
	}

	private void hang() {
		long ms = (this.ms != null) ? this.ms : 0;
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
		while (ms == 0 || System.nanoTime() < deadline) {
			// swallowing the interrupt is the point: this is the task that will not stop
			Thread.interrupted();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

	private static void exhaustHeap() {
		List<long[]> hoard = new ArrayList<>();
		while (true) {
			hoard.add(new long[1 << 20]);
		}
	}

	/** What a {@code hang} with a finite {@code ms} returns. */
	public record Result(String mode) {
	}

	/** The failure {@code throw} raises. */
	public static final class ChaosException extends RuntimeException {

		ChaosException(String message) {
			super(message);
		}

	}

}
