@NullMarked
package dev.kolejka.spring;

import org.jspecify.annotations.NullMarked;
