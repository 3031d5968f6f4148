@NullMarked
package dev.kolejka.api.config;

import org.jspecify.annotations.NullMarked;
