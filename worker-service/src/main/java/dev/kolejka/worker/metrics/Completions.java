package dev.kolejka.worker.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.kolejka.task.Pool;
import org.springframework.stereotype.Component;

/** Attempts ended per pool: a running total and a sliding per-second rate. */
@Component
public class Completions {

	private final Map<Pool, SlidingWindowCounter> windows = new EnumMap<>(Pool.class);

	private final Map<Pool, LongAdder> totals = new EnumMap<>(Pool.class);

	Completions(MetricsProperties properties) {
		int seconds = (int) Math.max(1, properties.throughputWindow().toSeconds());
		for (Pool pool : Pool.values()) {
			this.windows.put(pool, new SlidingWindowCounter(seconds, System::currentTimeMillis));
			this.totals.put(pool, new LongAdder());
		}
	}

	/** An attempt on {@code pool} ended, whatever its outcome. */
	public void record(Pool pool) {
		this.windows.get(pool).record();
		this.totals.get(pool).increment();
	}

	public long total(Pool pool) {
		return this.totals.get(pool).sum();
	}

	public double perSecond(Pool pool) {
		return this.windows.get(pool).ratePerSecond();
	}

}
