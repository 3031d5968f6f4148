package dev.kolejka.api.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 409: a load run is already going; one at a time keeps its figures honest. */
public final class LoadRunInProgressException extends ErrorResponseException {

	public LoadRunInProgressException(String runningId) {
		super(HttpStatus.CONFLICT,
				ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Load run " + runningId
						+ " is still going; wait for it to end or stop it with DELETE /api/v1/load-runs/" + runningId),
				null);
		getBody().setType(ProblemTypes.LOAD_RUN_IN_PROGRESS);
		getBody().setTitle("Load run in progress");
		getBody().setProperty("running", runningId);
	}

}
