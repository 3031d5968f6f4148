package dev.kolejka.api.security;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-owner quotas; beyond them a submit is answered 429 with {@code Retry-After} and
 * nothing reaches Kafka.
 *
 * @param rate submissions (a job or a whole batch) per second per owner, unless its key
 * says otherwise ({@code ./kolejka key new --rate}); 20,000/s is the single-submit rate a
 * whole cluster is built for, so a load test with one key measures Kolejka, not this
 * limiter, while a runaway client still cannot grow without bound; give keys of untrusted
 * clients a rate of their own
 * @param maxQueuedJobs how many unfinished jobs one owner may have accepted by this
 * replica: 100,000 is ten full batches, enough for any honest backlog, yet bounds what
 * one key can pile onto the shared topic
 * @param maxCounters distinct counter names per owner: counters live for ever in the
 * status view, so a task counting under random names must not grow it without end
 */
@Validated
@ConfigurationProperties("kolejka.api.quotas")
public record QuotaProperties(@DefaultValue("20000") @Positive int rate,
		@DefaultValue("100000") @Positive int maxQueuedJobs, @DefaultValue("1000") @Positive int maxCounters) {
}
