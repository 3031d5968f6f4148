@NullMarked
package dev.kolejka.api.batch;

import org.jspecify.annotations.NullMarked;
