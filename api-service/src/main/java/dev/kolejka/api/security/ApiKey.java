package dev.kolejka.api.security;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One registered API key, as a keys file line or a property holds it:
 * {@code name owner scopes rate salt hash}, separated by spaces, e.g.
 * {@code ci ci submit,read 50 9f0c… 3b1a…}. {@code rate} is the key's submissions per
 * second ({@code -} for the configured default); {@code hash} is the lowercase hex of
 * SHA-256 over {@code salt + ":" + key}.
 *
 * <p>
 * Why a salted SHA-256 and not bcrypt: a key is 128 or more random bits, not a password a
 * person chose, so a slow hash adds nothing against guessing but would cost every request
 * milliseconds of CPU. The salt keeps two equal keys from sharing a hash.
 *
 * @param name unique name, used by {@code ./kolejka key revoke}
 * @param owner who owns what the key creates (several keys may share an owner)
 * @param scopes what the key may do
 * @param rate submissions per second for this key's owner, or {@code null} for the
 * default
 * @param salt hex salt
 * @param hash hex SHA-256 of {@code salt:key}
 */
public record ApiKey(String name, String owner, Set<Scope> scopes, @Nullable Integer rate, String salt, String hash) {

	private static final HexFormat HEX = HexFormat.of();

	public ApiKey {
		requireNonNull(name, "name");
		requireNonNull(owner, "owner");
		scopes = Set.copyOf(scopes);
		requireNonNull(salt, "salt");
		requireNonNull(hash, "hash");
	}

	/** Parses one line; throws with a message that says which part is wrong. */
	public static ApiKey parse(String line) {
		String[] parts = line.strip().split("\\s+");
		if (parts.length != 6) {
			throw new IllegalArgumentException(
					"An API key line has 6 fields (name owner scopes rate salt hash), found " + parts.length);
		}
		var scopes = EnumSet.noneOf(Scope.class);
		for (String scope : parts[2].split(",")) {
			scopes.add(Scope.parse(scope));
		}
		Integer rate = parts[3].equals("-") ? null : Integer.valueOf(parts[3].replace("/s", ""));
		if (rate != null && rate < 1) {
			throw new IllegalArgumentException("An API key's rate must be positive or '-', was " + parts[3]);
		}
		HEX.parseHex(parts[4]);
		if (HEX.parseHex(parts[5]).length != 32) {
			throw new IllegalArgumentException("An API key's hash must be 64 hex digits (SHA-256)");
		}
		return new ApiKey(parts[0], parts[1], scopes, rate, parts[4], parts[5].toLowerCase(java.util.Locale.ROOT));
	}

	/** Whether {@code presented} is this key, compared in constant time. */
	public boolean matches(String presented) {
		return MessageDigest.isEqual(digest(this.salt, presented), HEX.parseHex(this.hash));
	}

	/** The hash a keys file stores for {@code key} with {@code salt}. */
	public static String hash(String salt, String key) {
		return HEX.formatHex(digest(salt, key));
	}

	private static byte[] digest(String salt, String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest((salt + ":" + key).getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
