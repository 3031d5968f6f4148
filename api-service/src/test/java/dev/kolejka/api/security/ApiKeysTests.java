package dev.kolejka.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTests {

	private static final String SALT = "00112233445566778899aabbccddeeff";

	@TempDir
	Path dir;

	@Test
	void aLineParsesToItsScopesAndMatchesOnlyItsKey() {
		ApiKey key = ApiKey.parse("ci team submit,read 20 " + SALT + " " + ApiKey.hash(SALT, "kol_secret"));

		assertThat(key.owner()).isEqualTo("team");
		assertThat(key.scopes()).isEqualTo(Set.of(Scope.SUBMIT, Scope.READ));
		assertThat(key.rate()).isEqualTo(20);
		assertThat(key.matches("kol_secret")).isTrue();
		assertThat(key.matches("kol_secreT")).isFalse();
		assertThat(key.hash()).doesNotContain("secret");
	}

	@Test
	void aBadLineSaysWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.parse("ci ci submit"))
			.withMessageContaining("6 fields");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiKey.parse("ci ci root - " + SALT + " " + ApiKey.hash(SALT, "k")))
			.withMessageContaining("submit, read or admin");
	}

	@Test
	void theKeysFileIsReadAgainWhenItChanges() throws IOException {
		Path file = this.dir.resolve("api-keys");
		Files.writeString(file, line("one", "kol_one"));
		var clock = new MutableClock();
		var keys = new ApiKeys(new SecurityProperties(file, List.of(), Duration.ofSeconds(1)), clock);
		assertThat(keys.find("kol_one")).map(ApiKey::name).hasValue("one");

		Files.writeString(file, "# revoked one\n" + line("two", "kol_two"));
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
		clock.now = clock.now.plusSeconds(2);

		assertThat(keys.find("kol_one")).isEmpty();
		assertThat(keys.find("kol_two")).map(ApiKey::name).hasValue("two");
	}

	@Test
	void propertyKeysWorkWithoutAFile() {
		var keys = new ApiKeys(new SecurityProperties(null, List.of(line("k8s", "kol_k8s")), Duration.ofSeconds(1)),
				new MutableClock());

		assertThat(keys.find("kol_k8s")).isPresent();
		assertThat(keys.find("")).isEmpty();
	}

	private static String line(String name, String key) {
		return name + " " + name + " admin - " + SALT + " " + ApiKey.hash(SALT, key) + "\n";
	}

	private static final class MutableClock extends Clock {

		Instant now = Instant.parse("2026-01-01T00:00:00Z");

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
