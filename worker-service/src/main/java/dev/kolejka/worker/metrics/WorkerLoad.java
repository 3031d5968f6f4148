package dev.kolejka.worker.metrics;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;

import dev.kolejka.metrics.MetricNames;
import dev.kolejka.task.Pool;
import dev.kolejka.worker.pool.Pools;
import dev.kolejka.worker.pool.ExecutionPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * How hard this worker works, per pool: size, active and queued jobs, completions, and
 * completions per second per core over a sliding window; and the whole process's CPU
 * utilization. Published as the gauges of SPEC §8 and read by the heartbeat.
 */
@Component
public class WorkerLoad {

	private final Map<Pool, ExecutionPool> pools;

	private final Completions completions;

	private final int cores = Runtime.getRuntime().availableProcessors();

	private final CpuSampler cpu = new CpuSampler();

	WorkerLoad(Pools pools, Completions completions, MeterRegistry meters) {
		this.pools = new EnumMap<>(pools.all());
		this.completions = completions;
		this.pools.forEach((pool, executor) -> {
			Gauge.builder(MetricNames.POOL_THREADS, executor, ExecutionPool::size)
				.tag(MetricNames.Tags.POOL, pool.id())
				.register(meters);
			Gauge.builder(MetricNames.POOL_ACTIVE, executor, ExecutionPool::active)
				.tag(MetricNames.Tags.POOL, pool.id())
				.register(meters);
			Gauge.builder(MetricNames.POOL_QUEUED, executor, ExecutionPool::queued)
				.tag(MetricNames.Tags.POOL, pool.id())
				.register(meters);
			Gauge.builder(MetricNames.THROUGHPUT_PER_CORE, this, (load) -> load.throughputPerCore(pool))
				.tag(MetricNames.Tags.POOL, pool.id())
				.description("Job completions per second over a sliding window, per core this worker may use")
				.register(meters);
		});
		Gauge.builder(MetricNames.CPU_UTILIZATION, this.cpu, CpuSampler::utilization)
			.description("Process CPU time / (cores x wall time) since the previous sample")
			.register(meters);
	}

	public Map<Pool, ExecutionPool> pools() {
		return this.pools;
	}

	public long completed(Pool pool) {
		return this.completions.total(pool);
	}

	public double throughputPerCore(Pool pool) {
		return this.completions.perSecond(pool) / this.cores;
	}

	public double throughputPerCore() {
		double total = 0;
		for (Pool pool : this.pools.keySet()) {
			total += throughputPerCore(pool);
		}
		return total;
	}

	public int cores() {
		return this.cores;
	}

	public double cpuUtilization() {
		return this.cpu.utilization();
	}

	/**
	 * CPU utilization between two readings at least a second apart, so that a scrape
	 * every few seconds and a heartbeat every second both see a meaningful figure.
	 */
	private final class CpuSampler {

		private long lastCpuNanos = processCpuNanos();

		private long lastWallNanos = System.nanoTime();

		private double utilization;

		synchronized double utilization() {
			long wall = System.nanoTime();
			if (wall - this.lastWallNanos >= 1_000_000_000L) {
				long cpuNanos = processCpuNanos();
				this.utilization = (double) (cpuNanos - this.lastCpuNanos)
						/ ((double) WorkerLoad.this.cores * (wall - this.lastWallNanos));
				this.lastCpuNanos = cpuNanos;
				this.lastWallNanos = wall;
			}
			return this.utilization;
		}

		private static long processCpuNanos() {
			if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
				return os.getProcessCpuTime();
			}
			return 0;
		}

	}

}
