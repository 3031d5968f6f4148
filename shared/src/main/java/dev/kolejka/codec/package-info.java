@NullMarked
package dev.kolejka.codec;

import org.jspecify.annotations.NullMarked;
