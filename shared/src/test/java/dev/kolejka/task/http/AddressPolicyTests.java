package dev.kolejka.task.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address policy without connecting anywhere (literals need no DNS), and the fetcher
 * end to end against a server on 127.0.0.1 only.
 */
class AddressPolicyTests {

	private HttpServer server;

	private int port;

	@BeforeEach
	void server() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/ok", (exchange) -> answer(exchange, 200, "hello".getBytes(StandardCharsets.UTF_8)));
		this.server.createContext("/big", (exchange) -> answer(exchange, 200, new byte[4096]));
		this.server.createContext("/to-localhost",
				(exchange) -> redirect(exchange, "http://localhost:" + this.port + "/ok"));
		this.server.createContext("/to-metadata", (exchange) -> redirect(exchange, "http://169.254.169.254/latest/"));
		this.server.createContext("/to-v6", (exchange) -> redirect(exchange, "http://[::1]:" + this.port + "/ok"));
		this.server.start();
		this.port = this.server.getAddress().getPort();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
			"100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:127.0.0.1",
			"::ffff:169.254.169.254", "64:ff9b::a00:1", "::" })
	void nonPublicAddressesAreRecognised(String literal) throws UnknownHostException {
		assertThat(AddressPolicy.isPublic(InetAddress.getByName(literal))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "1.1.1.1", "172.32.0.1", "2001:4860:4860::8888" })
	void publicAddressesAreRecognised(String literal) throws UnknownHostException {
		assertThat(AddressPolicy.isPublic(InetAddress.getByName(literal))).isTrue();
	}

	@Test
	void aHostOffTheAllowListIsRefusedBeforeAnyLookup() {
		var policy = new AddressPolicy(List.of("example.org"));

		assertThatExceptionOfType(AddressPolicy.RefusedException.class)
			.isThrownBy(() -> policy.check(URI.create("http://169.254.169.254/latest/meta-data")))
			.withMessageContaining("allow-list");
		assertThatExceptionOfType(AddressPolicy.RefusedException.class)
			.isThrownBy(() -> policy.check(URI.create("file:///etc/passwd")));
	}

	@Test
	void anAllowedNameThatResolvesToLoopbackIsRefused() {
		var fetcher = fetcher("localhost:" + this.port);

		assertThatExceptionOfType(AddressPolicy.RefusedException.class)
			.isThrownBy(() -> fetcher.get(URI.create("http://localhost:" + this.port + "/ok")))
			.withMessageContaining("not a public address");
	}

	@Test
	void loopbackLiteralsOffTheAllowListAreRefused() {
		var fetcher = fetcher("example.org");

		assertThatExceptionOfType(AddressPolicy.RefusedException.class)
			.isThrownBy(() -> fetcher.get(URI.create("http://127.0.0.1:" + this.port + "/ok")));
		assertThatExceptionOfType(AddressPolicy.RefusedException.class)
			.isThrownBy(() -> fetcher.get(URI.create("http://[::1]:" + this.port + "/ok")));
	}

	@Test
	void anExplicitlyAllowedLiteralIsFetchedAndItsRedirectsToLoopbackOrMetadataAreRefused() throws Exception {
		var fetcher = fetcher("127.0.0.1:" + this.port);

		assertThat(fetcher.get(URI.create("http://127.0.0.1:" + this.port + "/ok")))
			.isEqualTo(new HttpFetcher.Fetched(200, 5));
		for (String hop : List.of("/to-localhost", "/to-metadata", "/to-v6")) {
			assertThatExceptionOfType(AddressPolicy.RefusedException.class)
				.isThrownBy(() -> fetcher.get(URI.create("http://127.0.0.1:" + this.port + hop)));
		}
	}

	@Test
	void aBodyOverTheCapIsAbandoned() {
		var fetcher = new HttpFetcher(new AddressPolicy(List.of("127.0.0.1:" + this.port)), Duration.ofSeconds(2),
				Duration.ofSeconds(5), 1024);

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> fetcher.get(URI.create("http://127.0.0.1:" + this.port + "/big")))
			.withMessageContaining("larger than 1024");
	}

	private static HttpFetcher fetcher(String allowed) {
		return new HttpFetcher(new AddressPolicy(List.of(allowed)), Duration.ofSeconds(2), Duration.ofSeconds(5),
				1 << 20);
	}

	private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
			throws IOException {
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

}
