package dev.kolejka.api.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's own error page for what it refuses before any servlet runs (an encoded NUL in
 * the path, a malformed request line): problem+json instead of HTML with the server's
 * version.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String body = "{\"type\":\"" + ProblemStatus.typeOf(status) + "\",\"title\":\"" + title(status)
				+ "\",\"status\":" + status + "}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// the client has gone: nothing to answer
		}
	}

	private static String title(int status) {
		var known = org.springframework.http.HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

}
