package dev.kolejka.topic;

/** Header names on {@code jobs} and {@code jobs.retry} records. */
public final class JobHeaders {

	/**
	 * Epoch milliseconds (decimal text) before which the record's jobs must not start: a
	 * retry's backoff.
	 */
	public static final String NOT_BEFORE = "kolejka.not-before";

	/** The value of a {@code control} record that cancels the job named by its key. */
	public static final String CANCEL = "cancel";

	private JobHeaders() {
	}

}
