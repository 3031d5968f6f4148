package dev.kolejka.worker.execution;

import java.util.function.BooleanSupplier;

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
 */
public record AttemptCallbacks(BooleanSupplier admitted, Runnable settled, Runnable released) {

}
