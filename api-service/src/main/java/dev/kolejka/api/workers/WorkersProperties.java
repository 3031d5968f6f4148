package dev.kolejka.api.workers;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param goneAfter a worker silent for longer is shown as {@code gone}
 * @param dropAfter a worker silent for longer is no longer shown
 */
@ConfigurationProperties("kolejka.api.workers")
public record WorkersProperties(@DefaultValue("5s") Duration goneAfter, @DefaultValue("60s") Duration dropAfter) {
}
