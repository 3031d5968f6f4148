package dev.kolejka.api.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the API keys come from: a keys file ({@code ./kolejka key new} writes
 * {@code $KOLEJKA_HOME/api-keys}), and/or key lines given as properties (for compose or a
 * Kubernetes Secret:
 * {@code KOLEJKA_API_SECURITY_KEYS_0="ci ci submit,read - <salt> <hash>"}). With neither,
 * every {@code /api/v1} call is refused: there is no anonymous access.
 *
 * @param keysFile the keys file, one {@link ApiKey} line each ({@code #} comments); read
 * again when it changes, so keys are added and revoked without a restart
 * @param keys key lines in the same format
 * @param reloadCheck how often at most the keys file's modification time is looked at
 */
@Validated
@ConfigurationProperties("kolejka.api.security")
public record SecurityProperties(@Nullable Path keysFile, @DefaultValue List<String> keys,
		@DefaultValue("1s") Duration reloadCheck) {
}
