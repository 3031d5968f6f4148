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

	private static final int MAX_DETAIL = 8_192;

	public JobError {
		requireNonNull(type, "type");
		requireNonNull(message, "message");
	}

	public static JobError of(Throwable failure) {
		var trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		String detail = trace.toString();
		String message = failure.getClass().getName()
				+ (failure.getMessage() != null ? ": " + failure.getMessage() : "");
		return new JobError(ErrorType.EXCEPTION, message,
				detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail);
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
