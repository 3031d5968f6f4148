package dev.kolejka.api.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 for a job or batch id the status view does not know. */
public final class NotFoundException extends ErrorResponseException {

	private NotFoundException(URI type, String detail) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
		getBody().setType(type);
	}

	public static NotFoundException job(Object id) {
		return new NotFoundException(ProblemTypes.JOB_NOT_FOUND, "No job " + id);
	}

	public static NotFoundException counter(String name) {
		return new NotFoundException(ProblemTypes.COUNTER_NOT_FOUND,
				"No counter named '" + name + "': a counter exists once a job that added to it has succeeded");
	}

	public static NotFoundException loadRun(String id) {
		return new NotFoundException(ProblemTypes.LOAD_RUN_NOT_FOUND,
				"No load run " + id + ": only the latest runs are kept, in memory");
	}

	public static NotFoundException batch(Object id) {
		return new NotFoundException(ProblemTypes.BATCH_NOT_FOUND, "No batch " + id);
	}

}
