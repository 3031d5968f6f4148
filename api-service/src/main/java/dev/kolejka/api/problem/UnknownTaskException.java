package dev.kolejka.api.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404: no task by that name is registered. */
public final class UnknownTaskException extends ErrorResponseException {

	public UnknownTaskException(String task) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No task named '" + task + "'; GET /api/v1/tasks lists the registered ones"), null);
		getBody().setType(ProblemTypes.UNKNOWN_TASK);
		getBody().setTitle("Unknown task");
	}

}
