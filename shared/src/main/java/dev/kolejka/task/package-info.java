@NullMarked
package dev.kolejka.task;

import org.jspecify.annotations.NullMarked;
