package dev.kolejka.api.problem;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 429 with {@code Retry-After}: an owner's rate or quota is used up. Nothing was sent.
 */
public final class TooManyRequestsException extends ErrorResponseException {

	private final Duration retryAfter;

	private TooManyRequestsException(URI type, String detail, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail),
				null);
		getBody().setType(type);
		this.retryAfter = retryAfter;
	}

	public static TooManyRequestsException rate(int perSecond, Duration retryAfter) {
		return new TooManyRequestsException(
				ProblemTypes.RATE_LIMITED, "More than " + perSecond
						+ " submissions per second for this owner; retry after " + seconds(retryAfter) + " s",
				retryAfter);
	}

	public static TooManyRequestsException queued(int limit, Duration retryAfter) {
		return new TooManyRequestsException(ProblemTypes.QUOTA_EXCEEDED,
				"This owner already has " + limit + " unfinished jobs; wait for some to finish", retryAfter);
	}

	private static long seconds(Duration duration) {
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

	@Override
	public HttpHeaders getHeaders() {
		var headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds(this.retryAfter)));
		return headers;
	}

}
