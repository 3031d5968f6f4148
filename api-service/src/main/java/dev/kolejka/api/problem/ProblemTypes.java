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

	public static final URI JOB_NOT_FOUND = URI.create(BASE + "job-not-found");

	public static final URI BATCH_NOT_FOUND = URI.create(BASE + "batch-not-found");

	public static final URI COUNTER_NOT_FOUND = URI.create(BASE + "counter-not-found");

	public static final URI JOB_FINISHED = URI.create(BASE + "job-finished");

	public static final URI LOAD_RUN_NOT_FOUND = URI.create(BASE + "load-run-not-found");

	public static final URI LOAD_RUN_IN_PROGRESS = URI.create(BASE + "load-run-in-progress");

	private ProblemTypes() {
	}

}
