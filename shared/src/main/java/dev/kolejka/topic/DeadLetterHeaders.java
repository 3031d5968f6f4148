package dev.kolejka.topic;

/** Header names on dead-letter records. */
public final class DeadLetterHeaders {

	/** A stable reason such as {@code malformed} or {@code unregistered-class}. */
	public static final String REASON = "kolejka.dlt.reason";

	/** A human-readable explanation. */
	public static final String MESSAGE = "kolejka.dlt.message";

	/** Where the record came from: {@code topic-partition@offset}. */
	public static final String ORIGIN = "kolejka.dlt.origin";

	private DeadLetterHeaders() {
	}

}
