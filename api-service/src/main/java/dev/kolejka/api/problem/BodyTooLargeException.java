package dev.kolejka.api.problem;

import java.io.IOException;

/**
 * Raised while reading a body that turns out larger than allowed when no Content-Length
 * announced it.
 */
final class BodyTooLargeException extends IOException {

	BodyTooLargeException(long limit) {
		super("Request body is larger than " + limit + " bytes");
	}

}
