/**
 * The {@code http-get} task's address policy and client: no request to loopback,
 * link-local, private or metadata addresses, also through redirects and DNS.
 */
@NullMarked
package dev.kolejka.task.http;

import org.jspecify.annotations.NullMarked;
