package dev.kolejka.worker.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

/**
 * Hands partitions over to the group, on a rebalance or at SIGTERM: the newest records
 * none of whose jobs started are left to the next owner (and never run here); every older
 * record gets up to a grace period to finish here; then the position is committed and the
 * partitions are forgotten.
 *
 * <p>
 * Why only the unstarted <em>tail</em>: commits stop at the lowest record not finished,
 * so handing back a record below a finished one would leave the finished one to the next
 * owner's judgement. The commit names the finished records above that offset
 * ({@link FinishedAbove}) and the next owner skips them, so only a job still running at
 * the end of the grace can run twice.
 */
final class Handoff {

	private static final Log logger = LogFactory.getLog(Handoff.class);

	private static final Duration REJOIN_POLL = Duration.ofMillis(100);

	private final RecordLedger ledger;

	private final InFlightJobs inFlight;

	/**
	 * Commits Kafka refused while the group was rebalancing, by partition: only the poll
	 * thread touches it.
	 */
	private final Map<TopicPartition, OffsetAndMetadata> refused = new HashMap<>();

	Handoff(RecordLedger ledger, InFlightJobs inFlight) {
		this.ledger = ledger;
		this.inFlight = inFlight;
	}

	/**
	 * @param commit false when the partitions are already lost to another member: nothing
	 * can be committed, but unstarted jobs still need not run here
	 */
	void handBack(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions, Duration grace,
			boolean commit) {
		var pending = new HashSet<TakenRecord>();
		for (TopicPartition partition : partitions) {
			boolean tail = true;
			for (TakenRecord record : this.ledger.newestFirst(partition)) {
				if (tail && record.handBack()) {
					this.inFlight.dropped(record.cancelWaiting());
				}
				else {
					tail = false;
					pending.add(record);
				}
			}
		}
		this.ledger.awaitSettled(pending, grace);
		for (TakenRecord late : pending) {
			// still not started after the grace (a retry waiting out its backoff), or a
			// keyed job between in-place retries: never run it here now; its next owner
			// starts it over
			if (late.handBack() || late.revoke()) {
				this.inFlight.dropped(late.cancelWaiting());
			}
		}
		partitions.forEach(this.inFlight::forgetLanes);
		this.ledger.applyFinished();
		if (commit) {
			commit(consumer, partitions);
		}
		else {
			this.refused.keySet().removeAll(partitions);
		}
		if (!pending.isEmpty()) {
			logger.warn(pending.size() + " records still had jobs running at the end of the " + grace
					+ " grace period; they will be redelivered to the partitions' next owner");
		}
		this.ledger.forget(partitions);
	}

	/**
	 * At SIGTERM, after the last {@link #handBack}: if Kafka refused its commit because
	 * the group was rebalancing, takes part in the rebalance (every partition paused, so
	 * no record is taken) and commits once the group is stable again, for up to
	 * {@code timeout}. Leaving without that commit would make the next owners run again
	 * everything finished here since the last one.
	 */
	void commitRefused(Consumer<String, byte[]> consumer, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.refused.isEmpty() && System.nanoTime() < deadline) {
			// a partition revoked meanwhile is committed by its handBack; a lost one is
			// dropped
			consumer.poll(REJOIN_POLL);
			consumer.pause(consumer.assignment());
			this.refused.keySet().retainAll(consumer.assignment());
			if (!this.refused.isEmpty() && !commitSync(consumer, new HashMap<>(this.refused))) {
				break;
			}
		}
		if (!this.refused.isEmpty()) {
			logger.warn("Could not commit " + this.refused.keySet() + " before leaving: the group kept rebalancing for "
					+ timeout + "; jobs finished since their last commit may run again");
		}
	}

	/**
	 * Synchronously: the next owner starts exactly here. A commit refused earlier for
	 * these partitions is sent along.
	 */
	private void commit(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
		Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>(this.ledger.positions(partitions));
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata earlier = this.refused.remove(partition);
			if (earlier != null) {
				commits.putIfAbsent(partition, earlier);
			}
		}
		if (!commits.isEmpty()) {
			commitSync(consumer, commits);
		}
	}

	/** False if the group moved on for good: the commit is dropped. */
	private boolean commitSync(Consumer<String, byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> commits) {
		try {
			consumer.commitSync(commits);
			this.refused.keySet().removeAll(commits.keySet());
			return true;
		}
		catch (RebalanceInProgressException ex) {
			// a member joins or leaves: Kafka takes no commit until the group is stable
			this.refused.putAll(commits);
			logger.debug("Kafka refused the handed-back partitions' commit while the group rebalances");
			return true;
		}
		catch (CommitFailedException ex) {
			// the group moved on while we waited: the next owner starts from the last
			// commit
			this.refused.keySet().removeAll(commits.keySet());
			logger.warn("Could not commit the handed-back partitions (" + ex.getMessage()
					+ "); jobs finished since the last commit may run again");
			return false;
		}
	}

}
