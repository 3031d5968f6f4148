/** The {@code chaos} task for fault drills, registered only when enabled. */
@NullMarked
package dev.kolejka.task.chaos;

import org.jspecify.annotations.NullMarked;
