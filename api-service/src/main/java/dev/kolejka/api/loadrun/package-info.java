/**
 * Load runs started from the dashboard: the load generator run by the API against its own
 * base URL, one at a time, kept in memory.
 */
@NullMarked
package dev.kolejka.api.loadrun;

import org.jspecify.annotations.NullMarked;
