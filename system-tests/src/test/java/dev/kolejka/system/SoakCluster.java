package dev.kolejka.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import dev.kolejka.chaos.Cluster;
import dev.kolejka.testing.KafkaFixture;
import dev.kolejka.testing.TestKeys;

/**
 * The chaos soak's stack inside a test: the fixture's broker and the API in this JVM (so
 * neither is a victim), three workers as real processes; {@code worker-1} is the witness,
 * {@code worker-2} and {@code worker-3} are killed, SIGTERMed and restarted.
 */
final class SoakCluster implements Cluster, AutoCloseable {

	private static final List<String> WORKERS = List.of("worker-1", "worker-2", "worker-3");

	private static final String[] WORKER_PROPERTIES = { "kolejka.tasks.chaos.enabled=true",
			// two cores shared by everything: one child JVM per worker is plenty
			"kolejka.worker.pools.process.processes=1", "kolejka.worker.pools.cpu-threads=2",
			"spring.kafka.consumer.properties.session.timeout.ms=6000",
			"spring.kafka.consumer.properties.heartbeat.interval.ms=1500" };

	private final Stack stack = new Stack(ChaosSoakIT.class, "kolejka.tasks.chaos.enabled=true");

	private final Map<String, WorkerProcess> workers = new ConcurrentHashMap<>();

	SoakCluster start() {
		this.stack.startApi();
		WORKERS.forEach(this::startWorker);
		return this;
	}

	private void startWorker(String name) {
		this.workers.put(name, new WorkerProcess(name, this.stack.prefix(), WORKER_PROPERTIES));
	}

	@Override
	public String apiUrl() {
		return "http://127.0.0.1:" + this.stack.api().getEnvironment().getRequiredProperty("local.server.port");
	}

	@Override
	public String apiKey() {
		// chaos tasks need the admin scope
		return TestKeys.ADMIN;
	}

	@Override
	public String bootstrapServers() {
		return KafkaFixture.bootstrapServers();
	}

	@Override
	public String topicPrefix() {
		return this.stack.prefix();
	}

	@Override
	public List<Target> victims() {
		return List.of(new Target("worker-2", Role.WORKER), new Target("worker-3", Role.WORKER));
	}

	@Override
	public String witness() {
		return "worker-1";
	}

	@Override
	public OptionalLong pid(String name) {
		WorkerProcess worker = this.workers.get(name);
		return (worker != null && worker.isAlive()) ? OptionalLong.of(worker.pid()) : OptionalLong.empty();
	}

	@Override
	public long apiPid() {
		return ProcessHandle.current().pid();
	}

	@Override
	public List<String> workers() {
		return WORKERS;
	}

	@Override
	public void kill(Target target) throws InterruptedException {
		this.workers.get(target.name()).kill();
	}

	@Override
	public void terminate(Target target) throws InterruptedException {
		this.workers.get(target.name()).terminate(Duration.ofSeconds(60));
	}

	@Override
	public void restart(Target target) {
		startWorker(target.name());
	}

	@Override
	public void close() throws InterruptedException {
		for (WorkerProcess worker : this.workers.values()) {
			worker.close();
		}
		this.stack.close();
	}

}
