@NullMarked
package dev.kolejka.worker.pool.cpu;

import org.jspecify.annotations.NullMarked;
