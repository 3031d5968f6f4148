/**
 * The {@code process} pool: child JVMs, pre-started, fed registered tasks over their
 * pipes with the task codec, watched through a memory-mapped scoreboard, killed at a hard
 * timeout and replaced when they die. {@link dev.kolejka.pool.process.ProcessPool} is
 * both the worker's pool and a plain Java library ({@code multiprocessing.Pool} for
 * registered tasks).
 */
@NullMarked
package dev.kolejka.pool.process;

import org.jspecify.annotations.NullMarked;
