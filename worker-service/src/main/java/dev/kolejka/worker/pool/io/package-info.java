@NullMarked
package dev.kolejka.worker.pool.io;

import org.jspecify.annotations.NullMarked;
