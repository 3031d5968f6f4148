package dev.kolejka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stack started by {@code ./kolejka up} with a home of its own (the Kolejka stack, or
 * with {@code --broker-only} the bare broker raw Kafka is measured on), found again
 * through its pid files.
 */
final class KolejkaStack implements AutoCloseable {

	private final Path repo;

	private final Path home;

	private final Commands commands;

	private final boolean brokerOnly;

	private final int kafkaPort;

	private final int apiPort;

	private KolejkaStack(Path repo, Path home, Commands commands, boolean brokerOnly, int kafkaPort, int apiPort) {
		this.repo = repo;
		this.home = home;
		this.commands = commands;
		this.brokerOnly = brokerOnly;
		this.kafkaPort = kafkaPort;
		this.apiPort = apiPort;
	}

	/**
	 * The launcher's environment for a home and the ports from {@code base}: broker
	 * base+1, controller base+2, API base+3, its management base+4, workers base+5...
	 */
	static Map<String, String> environment(Path home, int base, String javaHome) {
		return Map.ofEntries(Map.entry("KOLEJKA_HOME", home.toString()),
				Map.entry("KOLEJKA_KAFKA_PORT", String.valueOf(base + 1)),
				Map.entry("KOLEJKA_CONTROLLER_PORT", String.valueOf(base + 2)),
				Map.entry("KOLEJKA_API_PORT", String.valueOf(base + 3)),
				Map.entry("KOLEJKA_API_MANAGEMENT_PORT", String.valueOf(base + 4)),
				Map.entry("KOLEJKA_WORKER_MANAGEMENT_BASE_PORT", String.valueOf(base + 5)),
				Map.entry("KOLEJKA_WORKERS", "2"), Map.entry("KOLEJKA_SKIP_BUILD", "1"),
				Map.entry("JAVA_HOME", javaHome),
				// the backlog of ten-minute sleeps is not worth a 30 s graceful stop
				Map.entry("KOLEJKA_STOP_TIMEOUT", "10"),
				// the memory rows queue a million jobs under one key: ten
				// times an owner's default cap on unfinished jobs
				// (kolejka.api.quotas.max-queued-jobs)
				Map.entry("KOLEJKA_API_QUOTAS_MAXQUEUEDJOBS", "2000000"));
	}

	/** Stops whatever an aborted earlier run left in this home, wipes it, then starts. */
	static KolejkaStack up(Path repo, Path home, int base, Path logs, String javaHome, boolean brokerOnly) {
		Commands commands = new Commands(logs.resolve(brokerOnly ? "kafka" : "kolejka"), repo,
				environment(home, base, javaHome));
		KolejkaStack stack = new KolejkaStack(repo, home, commands, brokerOnly, base + 1, base + 3);
		stack.down();
		Commands.deleteRecursively(home);
		List<String> up = new ArrayList<>(List.of(repo.resolve("kolejka").toString(), "up"));
		if (brokerOnly) {
			up.add("--broker-only");
		}
		String label = brokerOnly ? "kafka-up" : "kolejka-up";
		RuntimeException failure = null;
		// the launcher gives each service 90 s to turn healthy, which a machine shared by
		// other builds can exceed: another up keeps what runs and waits again
		for (int attempt = 1; attempt <= 4; attempt++) {
			try {
				commands.run(label + "-" + attempt, Duration.ofMinutes(4), up);
				return stack;
			}
			catch (RuntimeException slow) {
				if (failure != null) {
					slow.addSuppressed(failure);
				}
				failure = slow;
			}
		}
		stack.down(); // whatever started before the failure
		throw failure;
	}

	String bootstrap() {
		return "127.0.0.1:" + this.kafkaPort;
	}

	String apiBase() {
		return "http://127.0.0.1:" + this.apiPort;
	}

	String apiKey() {
		try {
			return Files.readString(this.home.resolve("api-key")).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	long pid(String name) {
		try {
			return Long.parseLong(Files.readString(this.home.resolve("run/" + name + ".pid")).strip());
		}
		catch (IOException ex) {
			throw new IllegalStateException("no pid file for " + name + " in " + this.home, ex);
		}
	}

	List<String> workerNames() {
		return this.brokerOnly ? List.of() : List.of("worker-1", "worker-2");
	}

	/** broker, api, worker-1, worker-2 (each worker with its child JVMs). */
	List<ProcessGroup> groups(String prefix) {
		List<ProcessGroup> groups = new ArrayList<>();
		groups.add(ProcessGroup.of(prefix + "broker", pid("kafka")));
		if (!this.brokerOnly) {
			groups.add(ProcessGroup.of(prefix + "api", pid("api")));
			for (String worker : workerNames()) {
				groups.add(ProcessGroup.of(prefix + worker, pid(worker)));
			}
		}
		return groups;
	}

	void down() {
		this.commands.attempt("down", Duration.ofMinutes(2), List.of(this.repo.resolve("kolejka").toString(), "down"));
	}

	@Override
	public void close() {
		down();
	}

}
