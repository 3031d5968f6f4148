/**
 * The numbers behind the built-in dashboard that no other endpoint has: cluster-wide
 * rates and latency percentiles folded from what the status view sees, consumer lag and
 * dead letters from the broker, and the latest jobs.
 */
@NullMarked
package dev.kolejka.api.dashboard;

import org.jspecify.annotations.NullMarked;
