package dev.kolejka.task.builtin;

import java.net.URI;

import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import dev.kolejka.task.http.HttpFetcher;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * GETs {@code url} and reports its status and size: only hosts on the allow-list
 * ({@code KOLEJKA_HTTP_GET_ALLOW}), never loopback, link-local, private or metadata
 * addresses, also through redirects and DNS
 * ({@link dev.kolejka.task.http.AddressPolicy}).
 */
@TaskName(value = "http-get", pool = Pool.IO)
public record HttpGetTask(@NotBlank @Size(max = 2048) @Pattern(regexp = "(?i)https?://\\S+") String url)
		implements
			Task<HttpGetTask.Result> {

	@Override
	public Result run(TaskContext context) throws Exception {
		HttpFetcher.Fetched fetched = HttpFetcher.configured().get(URI.create(this.url));
		return new Result(fetched.status(), fetched.bytes());
	}

	public record Result(int status, long bytes) {
	}

}
