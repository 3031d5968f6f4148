package dev.kolejka.api.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 413: more items in one batch than {@code kolejka.api.max-batch-items}. */
public final class BatchTooLargeException extends ErrorResponseException {

	public BatchTooLargeException(int items, int limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"A batch holds at most " + limit + " items, this one has " + items + "; split it"), null);
		getBody().setType(ProblemTypes.BATCH_TOO_LARGE);
		getBody().setTitle("Batch too large");
	}

}
