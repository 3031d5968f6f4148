package dev.kolejka.worker.execution;

/**
 * What the consumer learns about a job it handed out.
 *
 * @param settled the job's fate for this record is durable in Kafka (its terminal event,
 * or its retry, acknowledged): its offset may be committed
 * @param released the attempt's thread has returned, so the job no longer takes capacity.
 * A timed-out task that ignores its interrupt is settled at the deadline but released
 * only when it really ends.
 */
public record AttemptCallbacks(Runnable settled, Runnable released) {

}
