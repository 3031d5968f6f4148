package dev.kolejka.api.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and timings of the API.
 *
 * @param maxBodySize a request body larger than this is answered 413
 * @param maxBatchItems a batch with more items is answered 413
 * @param maxChunkSize the most jobs one {@code jobs} record carries, whatever a client
 * asks
 * @param maxWait the longest long poll ({@code waitSeconds})
 * @param sendTimeout how long a submit waits for Kafka's acknowledgement before answering
 * 503
 * @param retryAfter what a 503 tells the client to wait
 */
@Validated
@ConfigurationProperties("kolejka.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize,
		@DefaultValue("10000") @Positive int maxBatchItems, @DefaultValue("500") @Min(1) @Max(10_000) int maxChunkSize,
		@DefaultValue("60s") Duration maxWait, @DefaultValue("10s") Duration sendTimeout,
		@DefaultValue("5s") Duration retryAfter) {
}
