package dev.kolejka.job;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A failure as data: what kind, a one-line message, and optional detail such as a stack
 * trace.
 */
public record JobError(ErrorType type, String message, @Nullable String detail) {

	/**
	 * Longest message kept: an error travels in a job event, and a task's exception
	 * message can be any size.
	 */
	public static final int MAX_MESSAGE = 1_024;

	/** Longest detail (stack trace) kept. */
	public static final int MAX_DETAIL = 8_192;

	public JobError {
		requireNonNull(type, "type");
		requireNonNull(message, "message");
		message = truncate(message, MAX_MESSAGE);
		detail = (detail != null) ? truncate(detail, MAX_DETAIL) : null;
	}

	public static JobError of(Throwable failure) {
		String message = failure.getClass().getName();
		String detail = null;
		try {
			message += (failure.getMessage() != null) ? ": " + failure.getMessage() : "";
			var trace = new StringWriter();
			failure.printStackTrace(new PrintWriter(trace));
			detail = trace.toString();
		}
		catch (RuntimeException ex) {
			// a task's own exception type may throw from getMessage or toString: its
			// class
			// name is still an honest message
		}
		return new JobError(ErrorType.EXCEPTION, message, detail);
	}

	private static String truncate(String text, int max) {
		return (text.length() > max) ? text.substring(0, max - 1) + "…" : text;
	}

	public static JobError timeout(Duration limit) {
		return new JobError(ErrorType.TIMEOUT, "exceeded its timeout of " + limit, null);
	}

	/**
	 * Whether another attempt might succeed: not for a job that can never run as
	 * submitted.
	 */
	public boolean isRetryable() {
		return this.type == ErrorType.EXCEPTION || this.type == ErrorType.TIMEOUT || this.type == ErrorType.WORKER_LOST;
	}

	public static JobError invalid(String message) {
		return new JobError(ErrorType.INVALID, message, null);
	}

}
