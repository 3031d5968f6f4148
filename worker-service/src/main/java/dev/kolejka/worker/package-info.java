@NullMarked
package dev.kolejka.worker;

import org.jspecify.annotations.NullMarked;
