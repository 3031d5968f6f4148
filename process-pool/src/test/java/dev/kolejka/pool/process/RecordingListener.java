package dev.kolejka.pool.process;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener that remembers every call the pool makes, so a test can check that each task
 * hears exactly one outcome.
 */
final class RecordingListener implements ProcessWork.Listener {

	final AtomicInteger admits = new AtomicInteger();

	final CompletableFuture<Long> started = new CompletableFuture<>();

	final CompletableFuture<ChildOutcome> outcome = new CompletableFuture<>();

	final List<ChildOutcome> outcomes = new CopyOnWriteArrayList<>();

	private final boolean admit;

	private final boolean throwOnStart;

	private RecordingListener(boolean admit, boolean throwOnStart) {
		this.admit = admit;
		this.throwOnStart = throwOnStart;
	}

	static RecordingListener admitting() {
		return new RecordingListener(true, false);
	}

	static RecordingListener refusing() {
		return new RecordingListener(false, false);
	}

	static RecordingListener throwingOnStart() {
		return new RecordingListener(true, true);
	}

	@Override
	public boolean admit() {
		this.admits.incrementAndGet();
		return this.admit;
	}

	@Override
	public void started(long pid, String thread) {
		this.started.complete(pid);
		if (this.throwOnStart) {
			throw new IllegalStateException("a listener bug on start");
		}
	}

	@Override
	public void finished(ChildOutcome ended) {
		this.outcomes.add(ended);
		this.outcome.complete(ended);
	}

}
