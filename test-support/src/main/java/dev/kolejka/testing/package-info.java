/**
 * Test fixtures shared by every module: one real Kafka broker per test JVM and helpers
 * around it.
 */
@NullMarked
package dev.kolejka.testing;

import org.jspecify.annotations.NullMarked;
