/**
 * The chaos soak: a mixed workload against a running stack while a nemesis kills and
 * restarts its processes, then checks that nothing was lost, stuck, run twice or leaked.
 */
@NullMarked
package dev.kolejka.chaos;

import org.jspecify.annotations.NullMarked;
