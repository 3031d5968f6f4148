@NullMarked
package dev.kolejka.api.task;

import org.jspecify.annotations.NullMarked;
