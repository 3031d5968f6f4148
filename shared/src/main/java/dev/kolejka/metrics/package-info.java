@NullMarked
package dev.kolejka.metrics;

import org.jspecify.annotations.NullMarked;
