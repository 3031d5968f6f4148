package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * A job's identity: a time-ordered UUIDv7 for new jobs, or a name-based UUIDv8 derived
 * from an idempotency key so that a repeated submission names the same job on every API
 * replica without shared state.
 */
public record JobId(UUID value) implements Comparable<JobId> {

	private static final SecureRandom RANDOM = new SecureRandom();

	public JobId {
		requireNonNull(value, "value");
	}

	public static JobId newId(Clock clock) {
		long millis = clock.millis();
		long randA = RANDOM.nextInt() & 0xFFFL;
		long msb = (millis << 16) | 0x7000L | randA;
		long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new JobId(new UUID(msb, lsb));
	}

	/**
	 * The same key always gives the same id, so a repeated submission is recognised
	 * anywhere.
	 */
	public static JobId fromIdempotencyKey(String scope, String key) {
		byte[] hash = sha256(scope + '\u0000' + key);
		long msb = 0;
		long lsb = 0;
		for (int i = 0; i < 8; i++) {
			msb = (msb << 8) | (hash[i] & 0xFF);
			lsb = (lsb << 8) | (hash[8 + i] & 0xFF);
		}
		msb = (msb & ~0xF000L) | 0x8000L;
		lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new JobId(new UUID(msb, lsb));
	}

	/**
	 * Parses the canonical text form; throws {@link IllegalArgumentException} for
	 * anything else.
	 */
	public static JobId parse(String text) {
		if (text.length() != 36) {
			throw new IllegalArgumentException(
					"A job id is a UUID like 0192f1c2-7a4e-7c01-9a8b-3f2e1d0c4b5a, not '" + text + "'");
		}
		return new JobId(UUID.fromString(text));
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	@Override
	public int compareTo(JobId other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
