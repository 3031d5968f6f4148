package dev.kolejka.api.counter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.api.status.JobStatusStore.OwnedCounter;
import dev.kolejka.job.CounterValue;
import dev.kolejka.metrics.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * {@code kolejka_counter_total{name}}: each shared counter's cluster total, read from the
 * status store at scrape time. Counters appear as jobs create them, so the names are
 * looked up every few seconds.
 */
@Component
class CounterMetrics implements DisposableBean {

	private final JobStatusStore store;

	private final MeterRegistry meters;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService refresher = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-counter-metrics").daemon().factory());

	CounterMetrics(JobStatusStore store, MeterRegistry meters) {
		this.store = store;
		this.meters = meters;
		this.refresher.scheduleWithFixedDelay(this::registerNewCounters, 1, 5, TimeUnit.SECONDS);
	}

	private void registerNewCounters() {
		try {
			for (OwnedCounter owned : this.store.counters()) {
				String owner = owned.owner();
				String name = owned.counter().name();
				if (this.registered.add(owner + "/" + name)) {
					FunctionCounter
						.builder(MetricNames.COUNTER, this.store,
								(store) -> store.counter(owner, name).map(CounterValue::value).orElse(0L))
						.tag(MetricNames.Tags.NAME, name)
						.tag(MetricNames.Tags.OWNER, owner)
						.description("A shared counter's cluster-wide total")
						.register(this.meters);
				}
			}
		}
		catch (RuntimeException ex) {
			// the store is not queryable until the status view has started: next time
		}
	}

	@Override
	public void destroy() {
		this.refresher.shutdownNow();
	}

}
