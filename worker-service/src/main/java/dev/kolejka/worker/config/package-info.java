@NullMarked
package dev.kolejka.worker.config;

import org.jspecify.annotations.NullMarked;
