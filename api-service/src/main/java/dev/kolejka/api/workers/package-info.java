/** The live workers view: heartbeats from the compacted {@code workers} topic. */
@NullMarked
package dev.kolejka.api.workers;

import org.jspecify.annotations.NullMarked;
