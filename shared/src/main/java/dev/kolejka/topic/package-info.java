@NullMarked
package dev.kolejka.topic;

import org.jspecify.annotations.NullMarked;
