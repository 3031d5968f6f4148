@NullMarked
package dev.kolejka.api;

import org.jspecify.annotations.NullMarked;
