@NullMarked
package dev.kolejka.api.job;

import org.jspecify.annotations.NullMarked;
