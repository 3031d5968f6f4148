@NullMarked
package dev.kolejka.api.counter;

import org.jspecify.annotations.NullMarked;
