package dev.kolejka.api.security;

import java.io.IOException;

import dev.kolejka.api.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as problem+json, written by the security filters before any controller
 * runs. The detail never repeats what the client sent.
 */
final class ProblemResponses {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemResponses() {
	}

	static AuthenticationEntryPoint unauthorized() {
		return (request, response, failure) -> {
			boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					presented ? "Bearer realm=\"kolejka\", error=\"invalid_token\"" : "Bearer realm=\"kolejka\"");
			var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
					presented ? "The API key is unknown or revoked"
							: "Send an API key: 'Authorization: Bearer <key>' (./kolejka key new)");
			problem.setType(ProblemTypes.UNAUTHORIZED);
			write(response, problem);
		};
	}

	static AccessDeniedHandler forbidden() {
		return (request, response, failure) -> {
			var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "This API key's scopes do not allow "
					+ request.getMethod() + " here: reads need 'read', submits and cancels need 'submit'");
			problem.setType(ProblemTypes.INSUFFICIENT_SCOPE);
			write(response, problem);
		};
	}

	static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		JSON.writeValue(response.getOutputStream(), problem);
	}

}
