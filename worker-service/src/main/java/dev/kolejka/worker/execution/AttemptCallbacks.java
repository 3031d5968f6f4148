package dev.kolejka.worker.execution;

import java.time.Instant;
import java.util.function.BooleanSupplier;

import dev.kolejka.job.JobSubmission;
import org.jspecify.annotations.Nullable;

/**
 * What the consumer learns about, and decides for, a job it handed out.
 *
 * @param admitted asked on the pool thread right before the task starts: false when the
 * job's record was handed back to the group (its partition moved on a rebalance or
 * shutdown), so the next owner runs it and this worker must not
 * @param settled the job's fate for this record is durable in Kafka (its terminal event,
 * or its retry, acknowledged): its offset may be committed
 * @param released the attempt's thread is done with it, so the job no longer takes
 * capacity. A timed-out task that ignores its interrupt is settled at the deadline but
 * released only when it really ends.
 * @param retryInPlace set for keyed jobs: retries stay on this worker and the record
 * stays unsettled until the job's final outcome
 * @param owned false once the job's record was handed over to the partition's next owner,
 * which runs the job again: a failure here after that (most often the interrupt of a
 * shutdown) is not the job's outcome and must not end or retry it
 */
public record AttemptCallbacks(BooleanSupplier admitted, Runnable settled, Runnable released,
		@Nullable RetryInPlace retryInPlace, BooleanSupplier owned) {

	public AttemptCallbacks(BooleanSupplier admitted, Runnable settled, Runnable released, BooleanSupplier owned) {
		this(admitted, settled, released, null, owned);
	}

	/**
	 * How a job that must keep its place (it has an ordering key) is retried: here, from
	 * the same unsettled record, instead of through the retry topic, which another worker
	 * may consume.
	 */
	@FunctionalInterface
	public interface RetryInPlace {

		/** Runs the next attempt on this worker once {@code notBefore} has passed. */
		void retry(JobSubmission next, Instant notBefore);

	}

}
