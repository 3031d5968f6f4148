package dev.kolejka.api.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 422: an Idempotency-Key sent again with a different request. */
public final class IdempotencyKeyReusedException extends ErrorResponseException {

	public IdempotencyKeyReusedException() {
		super(HttpStatus.UNPROCESSABLE_CONTENT, ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"This Idempotency-Key was already used for a different request: use a new key for a new request"),
				null);
		getBody().setType(ProblemTypes.IDEMPOTENCY_KEY_REUSED);
	}

}
