package dev.kolejka.pool.process;

/**
 * Runs once in every child before it takes work: the {@code initializer} of Python's
 * {@code Pool}. Use it to warm caches, open connections or load models that every task of
 * the child then shares. Implementations need a public no-argument constructor; one that
 * throws keeps the child from starting, and the pool reports why.
 */
@FunctionalInterface
public interface ChildInitializer {

	void initialize() throws Exception;

}
