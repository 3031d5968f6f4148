package dev.kolejka.topic;

/** Header names on {@code jobs} and {@code jobs.retry} records. */
public final class JobHeaders {

	/**
	 * Epoch milliseconds (decimal text) before which the record's jobs must not start: a
	 * retry's backoff.
	 */
	public static final String NOT_BEFORE = "kolejka.not-before";

	private JobHeaders() {
	}

}
