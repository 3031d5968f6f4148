@NullMarked
package dev.kolejka.task.builtin;

import org.jspecify.annotations.NullMarked;
