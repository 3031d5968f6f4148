@NullMarked
package dev.kolejka.api.problem;

import org.jspecify.annotations.NullMarked;
