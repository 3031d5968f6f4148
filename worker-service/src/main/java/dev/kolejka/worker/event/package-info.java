@NullMarked
package dev.kolejka.worker.event;

import org.jspecify.annotations.NullMarked;
