package dev.kolejka.api.problem;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 422: the request is well-formed JSON but its task arguments or options are not valid;
 * lists every field.
 */
public final class InvalidArgumentsException extends ErrorResponseException {

	public InvalidArgumentsException(List<FieldError> errors) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, problem(errors), null);
	}

	private static ProblemDetail problem(List<FieldError> errors) {
		var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				errors.size() + " invalid field(s): fix them and submit again");
		problem.setType(ProblemTypes.INVALID_ARGUMENTS);
		problem.setTitle("Invalid arguments");
		problem.setProperty("errors", List.copyOf(errors));
		return problem;
	}

}
