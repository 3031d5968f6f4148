/**
 * The worker's {@code process} pool: child JVMs from {@code dev.kolejka.pool.process}.
 */
@NullMarked
package dev.kolejka.worker.pool.process;

import org.jspecify.annotations.NullMarked;
