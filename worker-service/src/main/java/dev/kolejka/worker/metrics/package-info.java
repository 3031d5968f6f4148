/**
 * What a worker reports about itself: pool gauges, throughput per core, CPU utilization
 * (Micrometer, scraped at {@code /actuator/prometheus}) and the heartbeat of the workers
 * view.
 */
@NullMarked
package dev.kolejka.worker.metrics;

import org.jspecify.annotations.NullMarked;
