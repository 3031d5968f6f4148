package dev.kolejka.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * API keys for tests: the keys themselves (fixed, only ever sent to loopback) and the
 * {@code kolejka.api.security.keys[i]} properties that register them, as a deployment
 * would (salted hashes only).
 */
public final class TestKeys {

	/** Scope {@code admin}: sees and may do everything. */
	public static final String ADMIN = "kol_test_admin_0d6f2c5e8a1b4f3c9e7d";

	/** Owner {@code alice}, scopes {@code submit,read}. */
	public static final String ALICE = "kol_test_alice_5b9e1f7a3c2d8e4f6a0b";

	/** Owner {@code bob}, scopes {@code submit,read}. */
	public static final String BOB = "kol_test_bob_8c4a2e6f1d3b5a7c9e0f";

	/** Owner {@code reader}, scope {@code read} only. */
	public static final String READER = "kol_test_reader_2f7d9b1e5c3a8f4d6b0e";

	/**
	 * Owner {@code limited}, scopes {@code submit,read}, at most 2 submissions a second.
	 */
	public static final String LIMITED = "kol_test_limited_6e0a3d8b2f9c4e1a7d5b";

	private static final Map<String, String> LINES = Map.of("admin admin admin -", ADMIN, "alice alice submit,read -",
			ALICE, "bob bob submit,read -", BOB, "reader reader read -", READER, "limited limited submit,read 2",
			LIMITED);

	private TestKeys() {
	}

	/** {@code name=value} settings that register every test key with the API. */
	public static List<String> properties() {
		var entries = LINES.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
		return java.util.stream.IntStream.range(0, entries.size())
			.mapToObj((i) -> "kolejka.api.security.keys[" + i + "]="
					+ line(entries.get(i).getKey(), entries.get(i).getValue()))
			.toList();
	}

	private static String line(String nameOwnerScopesRate, String key) {
		String salt = HexFormat.of().formatHex(nameOwnerScopesRate.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
		return nameOwnerScopesRate + " " + salt + " " + hash(salt, key);
	}

	private static String hash(String salt, String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest((salt + ":" + key).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
