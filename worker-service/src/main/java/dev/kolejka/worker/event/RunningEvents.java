package dev.kolejka.worker.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;

/**
 * Holds back {@code Running} events, so that a job that ends soon costs one event instead
 * of two (SPEC 5: a job that finishes quickly may skip its separate {@code RUNNING}
 * event). A held event goes out with the next send of any other event, or alone once it
 * has waited the delay; the job's next event drops it, since that one carries the start
 * time too. Only the publisher's sending thread uses it.
 */
final class RunningEvents {

	private final long delayNanos;

	/** In due order: every event waits the same delay. */
	private final LinkedHashMap<JobId, Held> held = new LinkedHashMap<>();

	RunningEvents(Duration delay) {
		this.delayNanos = delay.toNanos();
	}

	boolean isEmpty() {
		return this.held.isEmpty();
	}

	/**
	 * How long until the oldest held event is due, or {@code idleNanos} if none is held.
	 */
	long nanosUntilDue(long idleNanos) {
		if (this.held.isEmpty()) {
			return idleNanos;
		}
		return Math.max(0, this.held.firstEntry().getValue().dueNanos() - System.nanoTime());
	}

	/**
	 * What goes out now, in order: the drained events, less the {@code Running} ones it
	 * holds and those a later event of their job supersedes, then the held events that
	 * ride along or are due. With {@code flush} (stopping) nothing is held back.
	 */
	List<PendingEvent> toSend(List<PendingEvent> drained, boolean flush) {
		var out = new ArrayList<PendingEvent>(drained.size());
		Map<JobId, Integer> runningInOut = new HashMap<>();
		long now = System.nanoTime();
		for (PendingEvent pending : drained) {
			JobId id = pending.event().id();
			PendingEvent current = pending;
			Held superseded = this.held.remove(id);
			if (superseded != null) {
				current = current.after(superseded.pending());
			}
			Integer earlier = runningInOut.remove(id);
			if (earlier != null) {
				current = current.after(out.get(earlier));
				out.set(earlier, null);
			}
			if (!(current.event() instanceof JobEvent.Running)) {
				out.add(current);
			}
			else if (this.delayNanos > 0 && !flush) {
				this.held.put(id, new Held(current, now + this.delayNanos));
			}
			else {
				runningInOut.put(id, out.size());
				out.add(current);
			}
		}
		out.removeIf(Objects::isNull);
		// with other events going anyway they ride along in the same request; alone,
		// only once due: a send of their own would cost the request they wait to save
		boolean all = flush || !out.isEmpty();
		for (var it = this.held.values().iterator(); it.hasNext();) {
			Held next = it.next();
			if (!all && next.dueNanos() - now > 0) {
				break;
			}
			out.add(next.pending());
			it.remove();
		}
		return out;
	}

	private record Held(PendingEvent pending, long dueNanos) {
	}

}
