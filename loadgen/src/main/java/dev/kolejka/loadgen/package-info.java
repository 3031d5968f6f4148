/**
 * The open-model load generator: submissions follow a fixed schedule whatever the
 * responses do, and every latency is measured from the time a submission was scheduled,
 * so a stalled system shows up as the latency its users would see (no coordinated
 * omission).
 */
@NullMarked
package dev.kolejka.loadgen;

import org.jspecify.annotations.NullMarked;
