package dev.kolejka.worker.consumer;

import java.time.Duration;
import java.util.Collection;
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

	private final RecordLedger ledger;

	private final InFlightJobs inFlight;

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
		if (!pending.isEmpty()) {
			logger.warn(pending.size() + " records still had jobs running at the end of the " + grace
					+ " grace period; they will be redelivered to the partitions' next owner");
		}
		this.ledger.forget(partitions);
	}

	/** Synchronously: the next owner starts exactly here. */
	private void commit(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
		Map<TopicPartition, OffsetAndMetadata> commits = this.ledger.positions(partitions);
		if (commits.isEmpty()) {
			return;
		}
		try {
			consumer.commitSync(commits);
		}
		catch (RebalanceInProgressException | CommitFailedException ex) {
			// the group moved on while we waited: the next owner starts from the last
			// commit
			logger.warn("Could not commit the handed-back partitions (" + ex.getMessage()
					+ "); jobs finished since the last commit may run again");
		}
	}

}
