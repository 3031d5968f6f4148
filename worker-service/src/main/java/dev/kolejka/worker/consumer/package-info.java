@NullMarked
package dev.kolejka.worker.consumer;

import org.jspecify.annotations.NullMarked;
