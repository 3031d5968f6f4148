package dev.kolejka.api.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 403: the key is valid, but its scopes do not allow this. */
public final class ForbiddenException extends ErrorResponseException {

	public ForbiddenException(String detail) {
		super(HttpStatus.FORBIDDEN, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail), null);
		getBody().setType(ProblemTypes.INSUFFICIENT_SCOPE);
	}

}
