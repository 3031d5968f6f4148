package dev.kolejka.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.kolejka.job.JobOptions;
import org.jspecify.annotations.Nullable;

/**
 * Who owns a job, batch or ordering key, and who may see it. What another owner created
 * does not exist for a caller (404, never 403, so ids cannot be probed); {@code admin}
 * sees everything.
 */
public final class Owners {

	/** Between an owner and its ordering key: an owner name never contains it. */
	private static final char SEPARATOR = '/';

	private Owners() {
	}

	/** Whether {@code caller} may see what was submitted with {@code options}. */
	public static boolean visible(Caller caller, @Nullable JobOptions options) {
		return caller.mayRead((options != null) ? options.owner() : null);
	}

	/**
	 * The ordering key as it travels: qualified by its owner, so two owners' key
	 * {@code "k"} never share a lane or hold each other up.
	 */
	public static @Nullable String orderingKey(String owner, @Nullable String key) {
		return (key != null) ? owner + SEPARATOR + key : null;
	}

	/** The ordering key as its owner submitted it. */
	public static @Nullable String shownKey(@Nullable JobOptions options) {
		if (options == null || options.key() == null) {
			return null;
		}
		String key = options.key();
		return (options.owner() != null && key.startsWith(options.owner() + SEPARATOR))
				? key.substring(options.owner().length() + 1) : key;
	}

	/** A hash of what a submit asked for, to tell a true repeat from a reused key. */
	public static String requestHash(Object... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Object part : parts) {
				digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
