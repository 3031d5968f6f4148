package dev.kolejka.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a small HTTP server on loopback whose speed and answers the
 * test controls (the run against the real API is {@code LoadGeneratorIT} in
 * system-tests).
 */
class LoadRunTests {

	private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger submits = new AtomicInteger();

	private HttpServer server;

	private volatile int submitStatus = 202;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/api/v1/jobs", this::handle);
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
		this.delays.shutdownNow();
	}

	/** Each submit is answered 20 ms after it arrives; a job read is answered at once. */
	private void handle(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		if (exchange.getRequestMethod().equals("POST")) {
			int n = this.submits.incrementAndGet();
			this.delays.schedule(() -> answer(exchange, this.submitStatus, "{\"id\":\"job-" + n + "\"}"), 20,
					TimeUnit.MILLISECONDS);
		}
		else {
			answer(exchange, 200, "{\"state\":\"SUCCEEDED\"}");
		}
	}

	private static void answer(HttpExchange exchange, int status, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try (exchange) {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
		catch (IOException ex) {
			// the client went away: nothing to answer
		}
	}

	private LoadSpec spec(double rate, Duration duration, int concurrency) {
		return new LoadSpec(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()),
				List.of(Workload.of("noop", "{}", null)), rate, duration, 1, concurrency, Duration.ofSeconds(60), null);
	}

	@Test
	void aServerSlowerThanTheScheduleIsChargedForEveryDelayedSubmission() throws InterruptedException {
		// one at a time at 20 ms each, the server takes 50/s; the schedule asks 200/s for
		// 1 s
		try (var run = new LoadRun(spec(200, Duration.ofSeconds(1), 1), Clock.systemUTC())) {
			LoadReport report = run.start().awaitReport(Duration.ofSeconds(90)).orElseThrow();

			assertThat(report.submitted()).isEqualTo(200);
			assertThat(report.completed()).isEqualTo(200);
			// measured from the request's own send time every latency would be ~20 ms;
			// from the schedule, the last submissions waited for the whole backlog
			assertThat(report.acceptLatencyMs().max()).isGreaterThan(2500);
			assertThat(report.acceptLatencyMs().p50()).isGreaterThan(1000);
			assertThat(report.completionLatencyMs().p50()).isGreaterThanOrEqualTo(report.acceptLatencyMs().p50());
			assertThat(report.achievedRate()).isLessThan(100);
		}
	}

	@Test
	void aFastEnoughServerGetsEverySubmissionAnsweredAndRead() throws InterruptedException {
		try (var run = new LoadRun(spec(100, Duration.ofSeconds(1), 64), Clock.systemUTC())) {
			LoadReport report = run.start().awaitReport(Duration.ofSeconds(90)).orElseThrow();

			assertThat(report.submitted()).isEqualTo(100);
			assertThat(report.accepted()).isEqualTo(100);
			assertThat(report.completed()).isEqualTo(100);
			assertThat(report.errors()).isEmpty();
			assertThat(report.acceptLatencyMs().count()).isEqualTo(100);
			assertThat(report.acceptLatencyMs().p50()).isGreaterThanOrEqualTo(19.0);
			assertThat(report.completionLatencyMs().count()).isEqualTo(100);
		}
	}

	@Test
	void refusedSubmissionsAreCountedByStatusAndNeverRetried() throws InterruptedException {
		this.submitStatus = 503;

		try (var run = new LoadRun(spec(50, Duration.ofSeconds(1), 64), Clock.systemUTC())) {
			LoadReport report = run.start().awaitReport(Duration.ofSeconds(90)).orElseThrow();

			assertThat(report.submitted()).isEqualTo(50);
			assertThat(report.accepted()).isZero();
			assertThat(report.errors()).containsEntry("503", 50L);
			assertThat(this.submits).hasValue(50);
		}
	}

	@Test
	void stoppingEndsTheRunBeforeItsSchedule() throws InterruptedException {
		try (var run = new LoadRun(spec(10, Duration.ofMinutes(10), 8), Clock.systemUTC())) {
			run.start();
			run.stop();

			LoadReport report = run.awaitReport(Duration.ofSeconds(15)).orElseThrow();

			assertThat(report.stopped()).isTrue();
			assertThat(report.submitted()).isLessThan(6000);
		}
	}

}
