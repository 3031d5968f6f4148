package dev.kolejka.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code ./kolejka chaos --duration 10m [--seed N]}: the soak against the stack that
 * {@code ./kolejka up} started; the launcher passes its root, home and ports as system
 * properties. Exits 1 when a check failed.
 */
public final class ChaosMain {

	private ChaosMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Duration duration = Duration.ofMinutes(10);
		long seed = System.nanoTime();
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--duration" -> duration = parse(args[i + 1]);
				case "--seed" -> seed = Long.parseLong(args[i + 1]);
				default -> usage();
			}
		}
		if (args.length % 2 != 0) {
			usage();
		}
		var cluster = new LauncherCluster(Path.of(System.getProperty("kolejka.root", ".")),
				Path.of(System.getProperty("kolejka.home", ".kolejka")), Integer.getInteger("kolejka.api.port", 8080),
				Integer.getInteger("kolejka.kafka.port", 9092));
		var defaults = Chaos.Settings.of(duration);
		Report report = new Chaos(cluster, new Chaos.Settings(duration, defaults.faultEvery(), defaults.tick(),
				defaults.drain(), seed, defaults.minProcessFaults()), System.out)
			.run();
		System.exit(report.passed() ? 0 : 1);
	}

	/** {@code 90s}, {@code 10m}, {@code 1h} or ISO-8601 ({@code PT10M}). */
	static Duration parse(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		if (lower.startsWith("pt")) {
			return Duration.parse(text);
		}
		long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
		return switch (lower.charAt(lower.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			default -> throw new IllegalArgumentException("A duration like 90s, 10m or 1h, not " + text);
		};
	}

	private static void usage() {
		System.err.println("Usage: ./kolejka chaos [--duration 10m] [--seed N]");
		System.exit(2);
	}

}
