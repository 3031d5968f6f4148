package dev.kolejka.api.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The stable type of an error that Spring MVC, Spring Security or the servlet container
 * raised without a type of our own: one per status, never {@code about:blank}.
 */
final class ProblemStatus {

	private ProblemStatus() {
	}

	static URI typeOf(int status) {
		return switch (status) {
			case 400 -> ProblemTypes.BAD_REQUEST;
			case 401 -> ProblemTypes.UNAUTHORIZED;
			case 403 -> ProblemTypes.INSUFFICIENT_SCOPE;
			case 404 -> ProblemTypes.NOT_FOUND;
			case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
			case 406 -> ProblemTypes.NOT_ACCEPTABLE;
			case 413 -> ProblemTypes.BODY_TOO_LARGE;
			case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
			case 429 -> ProblemTypes.RATE_LIMITED;
			default -> (status < 500) ? ProblemTypes.CLIENT_ERROR : ProblemTypes.SERVER_ERROR;
		};
	}

	/**
	 * A problem for {@code status} with its stable type and a detail that names no class.
	 */
	static ProblemDetail problem(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		String reason = (known != null) ? known.getReasonPhrase() : "Error";
		var problem = ProblemDetail
			.forStatusAndDetail((known != null) ? known : HttpStatus.valueOf(status >= 500 ? 500 : 400), reason);
		problem.setType(typeOf(status));
		return problem;
	}

	static boolean untyped(ProblemDetail problem) {
		return "about:blank".equals(problem.getType().toString());
	}

}
