package dev.kolejka.chaos;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * What the soak did, written by the workload and the nemesis as they go and read by the
 * checks at the end.
 */
final class Ledger {

	final ConcurrentLinkedQueue<Accepted> jobs = new ConcurrentLinkedQueue<>();

	final List<Fault> faults = new CopyOnWriteArrayList<>();

	/** What went wrong while injecting a fault (a worker that would not stop). */
	final List<String> problems = new CopyOnWriteArrayList<>();

	/** Child JVMs a worker had when it was taken down, by the worker's pid. */
	final Map<Long, List<Long>> childrenOfDowned = new ConcurrentHashMap<>();

	final AtomicInteger hostileRecords = new AtomicInteger();

	final AtomicInteger poisonSubmits = new AtomicInteger();

	final AtomicInteger rejected = new AtomicInteger();

	final AtomicInteger cancelRequests = new AtomicInteger();

	final AtomicInteger longPolls = new AtomicInteger();

	final AtomicInteger unanswered = new AtomicInteger();

	void fault(Fault fault) {
		this.faults.add(fault);
	}

	int faultsInjected() {
		return this.faults.size() + this.hostileRecords.get() + this.poisonSubmits.get();
	}

	/**
	 * An accepted job.
	 *
	 * @param id the job id the API answered
	 * @param kind what the workload meant it to exercise
	 * @param counter the counter a {@code count} job adds to, else null
	 * @param by what it adds
	 */
	record Accepted(String id, String kind, @Nullable String counter, long by) {
	}

	/**
	 * One process fault.
	 *
	 * @param target the process name
	 * @param role what it is
	 * @param signal {@code KILL} or {@code TERM}
	 * @param at when the signal was sent
	 * @param restoredAt when it was healthy again
	 */
	record Fault(String target, Cluster.Role role, String signal, Instant at, Instant restoredAt) {

		boolean graceful() {
			return "TERM".equals(this.signal);
		}

	}

}
