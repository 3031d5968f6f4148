@NullMarked
package dev.kolejka.api.status;

import org.jspecify.annotations.NullMarked;
