package dev.kolejka.benchmarks;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kolejka.pool.process.ProcessPool;
import dev.kolejka.pool.process.ProcessPoolSettings;
import dev.kolejka.task.builtin.CpuBurnTask;
import dev.kolejka.worker.pool.ThreadPool;
import dev.kolejka.worker.pool.cpu.CpuPool;
import dev.kolejka.worker.pool.io.IoPool;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parallel efficiency of the worker's pools on {@code cpu-burn} jobs: throughput through
 * a pool divided by (cores × the throughput of a single-thread tight loop over the same
 * task), both measured in the same run. Run with
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests &amp;&amp; java -jar benchmarks/target/benchmarks.jar PoolEfficiency
 * </pre>
 *
 * {@code iterations} 18000 and 180000 are about 1 ms and 10 ms of SHA-256 on this class
 * of machine (hardware SHA: 3000 take 0.16 ms).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = { "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED" })
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class PoolEfficiencyBenchmark {

	private static final int JOBS = 64;

	@Param({ "18000", "180000" })
	int iterations;

	@Param({ "single-thread", "cpu", "io", "process" })
	String pool;

	private @Nullable ThreadPool executor;

	private @Nullable ProcessPool children;

	@Setup(Level.Trial)
	public void start() {
		this.executor = switch (this.pool) {
			case "cpu" -> new CpuPool(0);
			case "io" -> new IoPool(Runtime.getRuntime().availableProcessors());
			default -> null;
		};
		if (this.pool.equals("process")) {
			// one child per core, started before the measurement as the worker pre-starts
			// them
			this.children = ProcessPool.start(ProcessPoolSettings.defaults());
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.executor != null) {
			this.executor.close();
		}
		if (this.children != null) {
			this.children.close();
		}
	}

	@Benchmark
	@OperationsPerInvocation(JOBS)
	public void jobs() throws Exception {
		if (this.children != null) {
			// one job per pipe round trip, as the worker sends them
			var results = new ArrayList<CompletableFuture<CpuBurnTask.Result>>(JOBS);
			for (int i = 0; i < JOBS; i++) {
				results.add(this.children.submit(new CpuBurnTask(this.iterations)));
			}
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
			return;
		}
		if (this.executor == null) {
			for (int i = 0; i < JOBS; i++) {
				CpuBurnTask.burn(this.iterations);
			}
			return;
		}
		var done = new CountDownLatch(JOBS);
		for (int i = 0; i < JOBS; i++) {
			this.executor.execute(() -> {
				try {
					CpuBurnTask.burn(this.iterations);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				finally {
					done.countDown();
				}
			});
		}
		done.await();
	}

}
