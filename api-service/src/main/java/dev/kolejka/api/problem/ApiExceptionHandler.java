package dev.kolejka.api.problem;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/** Gives every error of the API a problem+json body with a stable {@code type}. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (causedByBodyLimit(ex)) {
			var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, rootMessage(ex));
			problem.setType(ProblemTypes.BODY_TOO_LARGE);
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON of the expected shape" + location(ex));
		problem.setType(ProblemTypes.MALFORMED_REQUEST);
		problem.setTitle("Malformed request");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ex.getBody();
		problem.setType(ProblemTypes.UNSUPPORTED_MEDIA_TYPE);
		problem.setDetail("Send the body as application/json, not " + ex.getContentType());
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * Every problem Spring MVC builds without a type of ours (a type mismatch, a missing
	 * parameter, an unsupported method, …) gets the stable type of its status.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && ProblemStatus.untyped(problem)) {
			problem.setType(ProblemStatus.typeOf(statusCode.value()));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	/**
	 * Where the body went wrong, never what Jackson says about it: its messages name Java
	 * classes, which a client has no business learning.
	 */
	private static String location(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson && jackson.getLocation() != null) {
				return " (at line " + jackson.getLocation().getLineNr() + ", column "
						+ jackson.getLocation().getColumnNr() + ")";
			}
		}
		return "";
	}

	private static boolean causedByBodyLimit(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

}
