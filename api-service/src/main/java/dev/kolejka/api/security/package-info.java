/**
 * API keys: Bearer authentication, scopes, and who owns what a key creates.
 */
@NullMarked
package dev.kolejka.api.security;

import org.jspecify.annotations.NullMarked;
