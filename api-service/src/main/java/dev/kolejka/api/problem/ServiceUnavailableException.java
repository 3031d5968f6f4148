package dev.kolejka.api.problem;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 503 with {@code Retry-After}: Kafka did not acknowledge, or the status view is still
 * loading. Nothing was accepted.
 */
public final class ServiceUnavailableException extends ErrorResponseException {

	private final Duration retryAfter;

	private ServiceUnavailableException(URI type, String detail, Duration retryAfter, @Nullable Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail),
				cause);
		getBody().setType(type);
		this.retryAfter = retryAfter;
	}

	public static ServiceUnavailableException kafka(Duration retryAfter, Throwable cause) {
		return new ServiceUnavailableException(ProblemTypes.KAFKA_UNAVAILABLE,
				"Kafka did not acknowledge the job, so it was not accepted; retry after " + retryAfter.toSeconds()
						+ " s (with the same Idempotency-Key to be safe)",
				retryAfter, cause);
	}

	public static ServiceUnavailableException statusNotReady(Duration retryAfter, Throwable cause) {
		return new ServiceUnavailableException(ProblemTypes.STATUS_NOT_READY,
				"The job status view is still loading; retry after " + retryAfter.toSeconds() + " s", retryAfter,
				cause);
	}

	public static ServiceUnavailableException tooManyLongPolls(Duration retryAfter) {
		return new ServiceUnavailableException(ProblemTypes.TOO_MANY_LONG_POLLS,
				"Too many long polls are waiting on this API replica; retry after " + retryAfter.toSeconds()
						+ " s, or poll without waitSeconds",
				retryAfter, null);
	}

	@Override
	public HttpHeaders getHeaders() {
		var headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, this.retryAfter.toSeconds())));
		return headers;
	}

}
