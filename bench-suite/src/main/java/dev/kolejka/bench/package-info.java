/**
 * The side-by-side benchmark suite behind {@code ./kolejka bench}: the whole local stack,
 * raw Kafka and Celery with Redis, driven workload by workload in one interleaved run.
 */
@NullMarked
package dev.kolejka.bench;

import org.jspecify.annotations.NullMarked;
