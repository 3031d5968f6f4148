package dev.kolejka.api.config;

import java.time.Duration;

import dev.kolejka.task.Pool;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The timeout a job gets when it asks for none, per pool: no job holds a slot for ever by
 * default. Ten minutes for {@code cpu} and {@code io} (every built-in task at its ceiling
 * but the day-long {@code sleep} finishes well within it), thirty for {@code process},
 * where jobs are the heavy, isolated kind. A job may ask for up to 24 hours
 * ({@code TaskValidation.MAX_TIMEOUT}).
 */
@Validated
@ConfigurationProperties("kolejka.api.default-timeout")
public record DefaultTimeouts(@DefaultValue("10m") Duration cpu, @DefaultValue("10m") Duration io,
		@DefaultValue("30m") Duration process) {

	public Duration of(Pool pool) {
		return switch (pool) {
			case CPU -> this.cpu;
			case IO -> this.io;
			case PROCESS -> this.process;
		};
	}

}
