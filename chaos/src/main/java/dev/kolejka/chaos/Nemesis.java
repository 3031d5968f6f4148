package dev.kolejka.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Takes one process down at a time, at random, with {@code kill -9} or SIGTERM, keeps it
 * down a moment and brings it back, until stopped. Every process it took down is running
 * again when {@link #run()} returns.
 */
final class Nemesis implements Runnable {

	private final Cluster cluster;

	private final Ledger ledger;

	private final RandomGenerator random;

	private final Duration meanGap;

	private final PrintStream out;

	private final CountDownLatch stop = new CountDownLatch(1);

	Nemesis(Cluster cluster, Ledger ledger, RandomGenerator random, Duration meanGap, PrintStream out) {
		this.cluster = cluster;
		this.ledger = ledger;
		this.random = random;
		this.meanGap = meanGap;
		this.out = out;
	}

	void stop() {
		this.stop.countDown();
	}

	@Override
	public void run() {
		try {
			while (!pause(this.meanGap.toMillis() / 2 + this.random.nextLong(this.meanGap.toMillis()))) {
				strike();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits; true once stopped. */
	private boolean pause(long millis) throws InterruptedException {
		return this.stop.await(millis, TimeUnit.MILLISECONDS);
	}

	private void strike() throws InterruptedException {
		List<Cluster.Target> victims = this.cluster.victims();
		if (victims.isEmpty()) {
			return;
		}
		Cluster.Target target = victims.get(this.random.nextInt(victims.size()));
		boolean graceful = this.random.nextBoolean();
		remember(target);
		Instant at = Instant.now();
		try {
			if (graceful) {
				this.cluster.terminate(target);
			}
			else {
				this.cluster.kill(target);
			}
		}
		catch (RuntimeException | AssertionError ex) {
			// a worker that outlives its grace after SIGTERM is a finding, not the end of
			// the nemesis
			this.ledger.problems
				.add(target.name() + " after " + (graceful ? "SIGTERM" : "kill -9") + ": " + ex.getMessage());
			this.cluster.kill(target);
		}
		// down long enough for the others to notice (a rebalance, a failed send), short
		// enough to keep the soak busy; the stop does not cut it short
		Thread.sleep(500 + this.random.nextLong(2500));
		restore(target);
		var fault = new Ledger.Fault(target.name(), target.role(), graceful ? "TERM" : "KILL", at, Instant.now());
		this.ledger.fault(fault);
		this.out.printf("chaos: %-5s %-9s down %5.1f s%n", fault.signal(), target.name(),
				Duration.between(fault.at(), fault.restoredAt()).toMillis() / 1000.0);
	}

	private void remember(Cluster.Target target) {
		if (target.role() == Cluster.Role.WORKER) {
			this.cluster.pid(target.name())
				.ifPresent((pid) -> this.ledger.childrenOfDowned.put(pid,
						ProcessHandle.of(pid)
							.map((process) -> process.descendants().map(ProcessHandle::pid).toList())
							.orElse(List.of())));
		}
	}

	private void restore(Cluster.Target target) throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				this.cluster.restart(target);
				return;
			}
			catch (RuntimeException ex) {
				if (attempt == 5) {
					throw ex;
				}
				this.out.println("chaos: restarting " + target.name() + " failed (" + ex.getMessage() + "), again");
			}
		}
	}

}
