package dev.kolejka.worker.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * What a worker tells the workers view about itself, about once a second, as JSON on the
 * compacted {@code workers} topic (key: the worker id).
 *
 * @param id the worker id
 * @param host its host name
 * @param pid its OS pid
 * @param cores the processors it may use
 * @param pools per pool: size, active, queued, completed and throughput per core
 * @param throughputPerCore completions per second per core, all pools together
 * @param cpuUtilization process CPU time / (cores × wall time) lately
 * @param startedAt when the worker started
 * @param heartbeatAt when this heartbeat was sent
 */
public record Heartbeat(String id, String host, long pid, int cores, Map<String, PoolLoad> pools,
		double throughputPerCore, double cpuUtilization, Instant startedAt, Instant heartbeatAt) {

	/** One pool's load. */
	public record PoolLoad(int size, int active, int queued, long completed, double throughputPerCore) {
	}

}
