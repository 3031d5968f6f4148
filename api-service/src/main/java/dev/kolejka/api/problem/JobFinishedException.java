package dev.kolejka.api.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 409: the job is already in a terminal state, which nothing changes any more. */
public final class JobFinishedException extends ErrorResponseException {

	public JobFinishedException(Object id, Object state) {
		super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Job " + id + " is already " + state + "; a finished job cannot be cancelled"), null);
		getBody().setType(ProblemTypes.JOB_FINISHED);
		getBody().setTitle("Job finished");
	}

}
