package dev.kolejka.api.problem;

import java.net.URI;

/** The stable {@code type} of every problem the API answers with (RFC 9457). */
public final class ProblemTypes {

	private static final String BASE = "https://kolejka.dev/problems/";

	public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");

	public static final URI UNKNOWN_TASK = URI.create(BASE + "unknown-task");

	public static final URI INVALID_ARGUMENTS = URI.create(BASE + "invalid-arguments");

	public static final URI BODY_TOO_LARGE = URI.create(BASE + "body-too-large");

	public static final URI BATCH_TOO_LARGE = URI.create(BASE + "batch-too-large");

	public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");

	public static final URI KAFKA_UNAVAILABLE = URI.create(BASE + "kafka-unavailable");

	public static final URI STATUS_NOT_READY = URI.create(BASE + "status-not-ready");

	public static final URI TOO_MANY_LONG_POLLS = URI.create(BASE + "too-many-long-polls");

	public static final URI JOB_NOT_FOUND = URI.create(BASE + "job-not-found");

	public static final URI BATCH_NOT_FOUND = URI.create(BASE + "batch-not-found");

	public static final URI COUNTER_NOT_FOUND = URI.create(BASE + "counter-not-found");

	public static final URI JOB_FINISHED = URI.create(BASE + "job-finished");

	public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");

	public static final URI INSUFFICIENT_SCOPE = URI.create(BASE + "insufficient-scope");

	public static final URI RATE_LIMITED = URI.create(BASE + "rate-limited");

	public static final URI QUOTA_EXCEEDED = URI.create(BASE + "quota-exceeded");

	public static final URI IDEMPOTENCY_KEY_REUSED = URI.create(BASE + "idempotency-key-reused");

	public static final URI BAD_REQUEST = URI.create(BASE + "bad-request");

	public static final URI NOT_FOUND = URI.create(BASE + "not-found");

	public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");

	public static final URI NOT_ACCEPTABLE = URI.create(BASE + "not-acceptable");

	public static final URI CLIENT_ERROR = URI.create(BASE + "client-error");

	public static final URI SERVER_ERROR = URI.create(BASE + "server-error");

	public static final URI LOAD_RUN_NOT_FOUND = URI.create(BASE + "load-run-not-found");

	public static final URI LOAD_RUN_IN_PROGRESS = URI.create(BASE + "load-run-in-progress");

	private ProblemTypes() {
	}

}
