@NullMarked
package dev.kolejka.benchmarks;

import org.jspecify.annotations.NullMarked;
