@NullMarked
package dev.kolejka.worker.execution;

import org.jspecify.annotations.NullMarked;
