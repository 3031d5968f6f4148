package dev.kolejka.api.loadrun;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Ceilings of the load runs started from the dashboard.
 *
 * @param maxRate the highest rate (jobs per second) a run may ask for
 * @param maxDuration the longest schedule
 * @param kept how many past runs are listed (oldest forgotten first)
 * @param drain how long a run waits for outstanding results after its schedule
 * @param concurrency the most submissions of a run in flight at once: the run shares this
 * API's threads and connections with every other client
 */
@Validated
@ConfigurationProperties("kolejka.api.load-runs")
public record LoadRunProperties(@DefaultValue("50000") @Positive double maxRate,
		@DefaultValue("10m") Duration maxDuration, @DefaultValue("20") @Positive int kept,
		@DefaultValue("30s") Duration drain, @DefaultValue("256") @Positive int concurrency) {
}
