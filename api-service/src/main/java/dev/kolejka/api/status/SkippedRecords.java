package dev.kolejka.api.status;

import dev.kolejka.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.streams.processor.api.Record;
import org.springframework.stereotype.Component;

/**
 * What the status view does with a record it cannot fold: skips it, logs it, counts it
 * ({@code kolejka_status_skipped_total{topic}}). An exception escaping a global store's
 * processor would kill the global stream thread, and the replay after a restart would hit
 * the same record again: the API would answer {@code 503} for ever.
 */
@Component
class SkippedRecords {

	private static final Log logger = LogFactory.getLog(SkippedRecords.class);

	private final MeterRegistry meters;

	SkippedRecords(MeterRegistry meters) {
		this.meters = meters;
	}

	/** Runs the fold of one record, or of one part of it; never throws. */
	void guard(String topic, Record<String, byte[]> record, Runnable fold) {
		try {
			fold.run();
		}
		catch (RuntimeException ex) {
			logger.error("Skipping a " + topic + " record the status view cannot fold (key " + record.key() + ")", ex);
			this.meters.counter(MetricNames.STATUS_SKIPPED, MetricNames.Tags.TOPIC, topic).increment();
		}
	}

}
