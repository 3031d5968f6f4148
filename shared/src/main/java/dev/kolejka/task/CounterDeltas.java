package dev.kolejka.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counter deltas of one attempt, summed without a lock however many threads of the
 * task add to them. They travel with the attempt's outcome: only a success applies them.
 */
public final class CounterDeltas {

	private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

	public TaskContext.Counter counter(String name) {
		LongAdder adder = this.counters.computeIfAbsent(name, (key) -> new LongAdder());
		return adder::add;
	}

	/** Each counter's total so far, by name. */
	public Map<String, Long> totals() {
		var totals = new LinkedHashMap<String, Long>();
		this.counters.forEach((name, adder) -> totals.put(name, adder.sum()));
		return totals;
	}

}
