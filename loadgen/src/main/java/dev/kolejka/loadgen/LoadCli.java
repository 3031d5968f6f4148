package dev.kolejka.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./kolejka load --task NAME [--args JSON] [--pool P] --rate N --duration D
 * [--batch K] [--concurrency C] [--mix FILE] [--report FILE] [--url URL] [--key KEY]}.
 * Prints a live line while it runs (on a terminal), a summary at the end, and the JSON
 * report to {@code --report}.
 */
public final class LoadCli {

	static final String USAGE = """
			Usage: ./kolejka load --task NAME [--args JSON] [--pool P] --rate N --duration D
			                      [--batch K] [--concurrency C] [--mix FILE] [--report FILE]
			                      [--url http://127.0.0.1:8080] [--key KEY] [--drain D]
			  --rate      jobs per second, on a fixed schedule (open model)
			  --duration  how long to submit: 30s, 2m, PT1M
			  --batch     jobs per submission (POST /jobs/batch when > 1)
			  --mix       a JSON array of {"task","args","pool","weight"} instead of --task
			  --key       API key (default: the file $KOLEJKA_HOME/api-key, if it exists)
			""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private LoadCli() {
	}

	public static void main(String[] args) throws Exception {
		LoadSpec spec;
		Map<String, String> options;
		try {
			options = options(args);
			spec = spec(options);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("kolejka load: " + ex.getMessage());
			System.err.print(USAGE);
			System.exit(2);
			return;
		}
		LoadReport report = run(spec, System.out, System.console() != null);
		String file = options.get("report");
		if (file != null) {
			Files.writeString(Path.of(file), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
			System.out.println("report written to " + file);
		}
	}

	static LoadReport run(LoadSpec spec, PrintStream out, boolean live) throws InterruptedException {
		try (var run = new LoadRun(spec, Clock.systemUTC())) {
			Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(run::stop));
			run.start();
			Optional<LoadReport> report;
			while ((report = run.awaitReport(Duration.ofSeconds(1))).isEmpty()) {
				if (live) {
					out.print("\r" + run.progress().line(spec.rate()));
					out.flush();
				}
			}
			if (live) {
				out.println();
			}
			out.print(report.get().summary());
			return report.get();
		}
	}

	static Map<String, String> options(String[] args) {
		var options = new HashMap<String, String>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
			}
			options.put(args[i].substring(2), args[++i]);
		}
		return options;
	}

	static LoadSpec spec(Map<String, String> options) throws IOException {
		List<Workload> mix = mix(options);
		double rate = Double.parseDouble(required(options, "rate"));
		Duration duration = duration(required(options, "duration"));
		int batch = Integer.parseInt(options.getOrDefault("batch", "1"));
		int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "" + LoadSpec.DEFAULT_CONCURRENCY));
		Duration drain = duration(options.getOrDefault("drain", "30s"));
		URI url = URI.create(options.getOrDefault("url", "http://127.0.0.1:8080"));
		return new LoadSpec(url, mix, rate, duration, batch, concurrency, drain, key(options));
	}

	private static List<Workload> mix(Map<String, String> options) throws IOException {
		String file = options.get("mix");
		if (file == null) {
			String args = options.get("args");
			if (args != null) {
				JSON.readTree(args); // malformed JSON fails here, not as 400s
			}
			return List.of(Workload.of(required(options, "task"), args, options.get("pool")));
		}
		var mix = new ArrayList<Workload>();
		for (JsonNode entry : JSON.readTree(Files.readString(Path.of(file)))) {
			mix.add(new Workload(entry.path("task").asString(),
					entry.path("args").isMissingNode() ? "{}" : JSON.writeValueAsString(entry.get("args")),
					entry.path("pool").isString() ? entry.get("pool").asString() : null,
					entry.path("weight").asInt(1)));
		}
		return mix;
	}

	/**
	 * {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, a number of seconds, or
	 * ISO-8601.
	 */
	public static Duration duration(String text) {
		String value = text.trim().toLowerCase(java.util.Locale.ROOT);
		if (value.startsWith("p")) {
			return Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
		}
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		long amount = Long.parseLong(value.substring(0, value.length() - 1));
		return switch (value.charAt(value.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			default -> Duration.ofSeconds(Long.parseLong(value));
		};
	}

	private static @Nullable String key(Map<String, String> options) throws IOException {
		if (options.containsKey("key")) {
			return options.get("key");
		}
		String home = Optional.ofNullable(System.getenv("KOLEJKA_HOME")).orElse(".kolejka");
		Path file = Path.of(home, "api-key");
		return Files.isReadable(file) ? Files.readString(file).trim() : null;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

}
