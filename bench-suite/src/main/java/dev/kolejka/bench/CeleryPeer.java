package dev.kolejka.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Celery with Redis, the way {@code shared/peers/celery} measured it: a private
 * {@code redis-server} without persistence on a loopback port, a prefork worker with two
 * processes for noop and CPU work and a threads worker with 200 threads for sleeps, and
 * one fresh client process per measurement ({@code celery_bench.py}).
 */
final class CeleryPeer implements AutoCloseable {

	static final List<String> PACKAGES = List.of("python3-celery", "python3-redis", "redis-server");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PYTHON = "/usr/bin/python3";

	private final Commands commands;

	private final int redisPort;

	private final List<Process> processes = new ArrayList<>();

	private Process redis;

	private Process prefork;

	private Process threads;

	private CeleryPeer(Commands commands, int redisPort) {
		this.commands = commands;
		this.redisPort = redisPort;
	}

	/** Installs what is missing, starts Redis and both workers, and waits for them. */
	static CeleryPeer start(Path dir, Path logs, int redisPort) {
		Map<String, String> env = Map.of("BENCH_REDIS_URL", "redis://127.0.0.1:" + redisPort, "DEBIAN_FRONTEND",
				"noninteractive", "PYTHONDONTWRITEBYTECODE", "1");
		copyScript(dir);
		Commands commands = new Commands(logs, dir, env);
		new Debian(commands).ensure(PACKAGES);
		CeleryPeer peer = new CeleryPeer(commands, redisPort);
		try {
			peer.redis = peer.spawn("redis", List.of("redis-server", "--port", String.valueOf(redisPort), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
			peer.awaitPort();
			peer.prefork = peer.spawn("celery-prefork", worker("prefork", "2", "bench", "bench"));
			peer.threads = peer.spawn("celery-threads", worker("threads", "200", "sleep", "sleep"));
			peer.client("ready", Duration.ofMinutes(2), "rtt", "1", "0");
			peer.client("ready-sleep", Duration.ofMinutes(2), "sleeps", "1", "1");
			return peer;
		}
		catch (RuntimeException ex) {
			peer.close();
			throw ex;
		}
	}

	private static List<String> worker(String pool, String concurrency, String queue, String name) {
		return List.of(PYTHON, "-m", "celery", "-A", "celery_bench", "worker", "-P", pool, "-c", concurrency, "-Q",
				queue, "-l", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n",
				name + "@%h");
	}

	List<ProcessGroup> groups() {
		return List.of(ProcessGroup.of("celery-prefork", this.prefork.pid()),
				ProcessGroup.of("celery-threads", this.threads.pid()), ProcessGroup.of("redis", this.redis.pid()));
	}

	/** One client run; its JSON answer. */
	JsonNode client(String label, Duration timeout, String... args) {
		List<String> command = new ArrayList<>(List.of(PYTHON, "celery_bench.py"));
		command.addAll(List.of(args));
		List<String> lines = this.commands.run("celery-" + label, timeout, command).lines().toList();
		return JSON.readTree(lines.getLast());
	}

	private Process spawn(String label, List<String> command) {
		Process process = this.commands.spawn(label, command);
		this.processes.add(process);
		return process;
	}

	private void awaitPort() {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", this.redisPort)) {
				return;
			}
			catch (IOException notYet) {
				if (!this.redis.isAlive()) {
					throw new IllegalStateException("redis-server exited with " + this.redis.exitValue());
				}
				pause();
			}
		}
		throw new IllegalStateException("redis-server did not listen on " + this.redisPort + " within 30 s");
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void copyScript(Path dir) {
		try (InputStream script = CeleryPeer.class.getResourceAsStream("celery_bench.py")) {
			Files.createDirectories(dir);
			Files.write(dir.resolve("celery_bench.py"), script.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Workers first (a warm shutdown), then Redis; whatever is left after 20 s is killed.
	 */
	@Override
	public void close() {
		for (Process process : this.processes.reversed()) {
			List<ProcessHandle> children = process.descendants().toList();
			process.destroy();
			try {
				if (!process.waitFor(Duration.ofSeconds(20))) {
					process.destroyForcibly().waitFor();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			children.forEach(ProcessHandle::destroyForcibly);
		}
	}

}
