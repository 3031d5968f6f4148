package dev.kolejka.api.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The registered API keys: those of the properties plus those of the keys file, which is
 * read again whenever its modification time changes (checked at most once per
 * {@code reload-check}), so {@code ./kolejka key new|revoke} take effect without a
 * restart. A file that cannot be parsed keeps the keys read before it, and says why in
 * the log (never the keys themselves: the file only holds hashes anyway).
 */
@Component
public class ApiKeys {

	private static final Log logger = LogFactory.getLog(ApiKeys.class);

	private final SecurityProperties properties;

	private final List<ApiKey> fixed;

	private final Clock clock;

	private volatile Loaded loaded = new Loaded(List.of(), null, Instant.MIN);

	ApiKeys(SecurityProperties properties, Clock clock) {
		this.properties = properties;
		this.fixed = properties.keys().stream().map(ApiKey::parse).toList();
		this.clock = clock;
	}

	/** The key presented, if it is registered. */
	public Optional<ApiKey> find(String presented) {
		ApiKey found = null;
		for (ApiKey key : this.fixed) {
			found = (key.matches(presented) && found == null) ? key : found;
		}
		for (ApiKey key : fromFile()) {
			found = (key.matches(presented) && found == null) ? key : found;
		}
		return Optional.ofNullable(found);
	}

	private List<ApiKey> fromFile() {
		Path file = this.properties.keysFile();
		Loaded current = this.loaded;
		Instant now = this.clock.instant();
		if (file == null || now.isBefore(current.checkedAt().plus(this.properties.reloadCheck()))) {
			return current.keys();
		}
		synchronized (this) {
			current = this.loaded;
			FileTime modified = modified(file);
			if (modified != null && modified.equals(current.modified())) {
				this.loaded = new Loaded(current.keys(), modified, now);
				return current.keys();
			}
			this.loaded = new Loaded(read(file, current.keys()), modified, now);
			return this.loaded.keys();
		}
	}

	private static @Nullable FileTime modified(Path file) {
		try {
			return Files.getLastModifiedTime(file);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static List<ApiKey> read(Path file, List<ApiKey> previous) {
		try {
			var keys = new ArrayList<ApiKey>();
			for (String line : Files.readAllLines(file)) {
				if (!line.isBlank() && !line.strip().startsWith("#")) {
					keys.add(ApiKey.parse(line));
				}
			}
			return List.copyOf(keys);
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException | IllegalArgumentException ex) {
			logger.warn("Keeping the API keys read before: cannot read " + file + ": " + ex.getMessage());
			return previous;
		}
	}

	private record Loaded(List<ApiKey> keys, @Nullable FileTime modified, Instant checkedAt) {
	}

}
