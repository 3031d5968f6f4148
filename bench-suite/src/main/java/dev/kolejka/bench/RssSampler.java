package dev.kolejka.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peak resident memory of each process group, sampled every 250 ms on a daemon thread
 * while workloads run.
 */
final class RssSampler implements AutoCloseable {

	private final Map<String, Long> peaks = new ConcurrentHashMap<>();

	private final Thread thread;

	private volatile boolean running = true;

	RssSampler(List<ProcessGroup> groups) {
		this.thread = Thread.ofPlatform().daemon().name("kolejka-bench-rss").start(() -> {
			while (this.running) {
				for (ProcessGroup group : groups) {
					this.peaks.merge(group.name(), group.rssBytes(), Math::max);
				}
				try {
					Thread.sleep(250);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
	}

	long peakBytes(String group) {
		return this.peaks.getOrDefault(group, 0L);
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
	}

}
