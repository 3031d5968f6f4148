package dev.kolejka.task.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs a URL within the {@link AddressPolicy}: redirects are followed by hand (at most
 * five), each hop checked again, so a permitted host cannot bounce the request to
 * loopback or metadata; connect and whole-request timeouts; the body is read and counted,
 * never kept, and abandoned past the size cap.
 *
 * <p>
 * Residual risk, said plainly: the JDK client resolves the host again when it connects,
 * so a DNS answer that changes between the check and the connect (rebinding) is not
 * caught here; allow-list only hosts whose DNS you trust.
 */
public final class HttpFetcher {

	static final int MAX_REDIRECTS = 5;

	private final AddressPolicy policy;

	private final Duration timeout;

	private final long maxBytes;

	private final HttpClient client;

	public HttpFetcher(AddressPolicy policy, Duration connectTimeout, Duration timeout, long maxBytes) {
		this.policy = policy;
		this.timeout = timeout;
		this.maxBytes = maxBytes;
		this.client = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(connectTimeout)
			.proxy(HttpClient.Builder.NO_PROXY)
			.build();
	}

	/** With the configured policy, 5 s to connect, 30 s in all and 10 MiB at most. */
	public static HttpFetcher configured() {
		return new HttpFetcher(AddressPolicy.configured(), Duration.ofSeconds(5), Duration.ofSeconds(30),
				10L * 1024 * 1024);
	}

	/** The final status and the body's size in bytes. */
	public Fetched get(URI start) throws IOException, InterruptedException {
		URI uri = start;
		for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
			this.policy.check(uri);
			HttpResponse<InputStream> response = this.client.send(
					HttpRequest.newBuilder(uri).timeout(this.timeout).GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
			int status = response.statusCode();
			var location = response.headers().firstValue("Location");
			if (status >= 300 && status < 400 && location.isPresent()) {
				response.body().close();
				uri = uri.resolve(location.get());
				continue;
			}
			try (InputStream body = response.body()) {
				return new Fetched(status, count(body));
			}
		}
		throw new AddressPolicy.RefusedException("more than " + MAX_REDIRECTS + " redirects");
	}

	private long count(InputStream body) throws IOException {
		byte[] buffer = new byte[8192];
		long total = 0;
		for (int read = body.read(buffer); read != -1; read = body.read(buffer)) {
			total += read;
			if (total > this.maxBytes) {
				throw new IOException("The response is larger than " + this.maxBytes + " bytes");
			}
		}
		return total;
	}

	/** What a GET came to. */
	public record Fetched(int status, long bytes) {
	}

}
