@NullMarked
package dev.kolejka.worker.pool;

import org.jspecify.annotations.NullMarked;
