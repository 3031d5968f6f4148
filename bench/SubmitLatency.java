/*
 * Submit -> SUCCEEDED latency of sequential jobs, measured from outside as a client sees it: POST /api/v1/jobs, then
 * GET /api/v1/jobs/{id}?waitSeconds=10 (the long poll), timed together. Only the JDK is needed:
 *
 *   java bench/SubmitLatency.java [baseUrl=http://127.0.0.1:8080] [jobs=100] [task=noop] [argsJson={}]
 *
 * The first 20 jobs warm up the JIT and are not counted. As a baseline measured in the same run, it also times two
 * plain HTTP round trips (GET /api/v1/tasks twice, no Kafka): the floor this client and the web tier put under any
 * figure.
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SubmitLatency {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	public static void main(String[] args) throws Exception {
		String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
		int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
		String task = args.length > 2 ? args[2] : "noop";
		String taskArgs = args.length > 3 ? args[3] : "{}";
		if (!URI.create(base).getHost().startsWith("127.") && !URI.create(base).getHost().equals("localhost")) {
			throw new IllegalArgumentException("This probe only talks to a local stack (127.0.0.1)");
		}
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt on every new connection
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		String body = "{\"task\":\"" + task + "\",\"args\":" + taskArgs + "}";
		List<Double> baseline = new ArrayList<>();
		HttpRequest tasks = HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks")).build();
		for (int i = 0; i < jobs + 20; i++) {
			long start = System.nanoTime();
			http.send(tasks, HttpResponse.BodyHandlers.ofString());
			http.send(tasks, HttpResponse.BodyHandlers.ofString());
			if (i >= 20) {
				baseline.add((System.nanoTime() - start) / 1e6);
			}
		}
		Collections.sort(baseline);
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < jobs + 20; i++) {
			long start = System.nanoTime();
			HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (submitted.statusCode() != 202) {
				throw new IllegalStateException("Submit answered " + submitted.statusCode() + ": " + submitted.body());
			}
			Matcher id = ID.matcher(submitted.body());
			id.find();
			HttpResponse<String> done = http.send(
					HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id.group(1) + "?waitSeconds=10")).build(),
					HttpResponse.BodyHandlers.ofString());
			double elapsed = (System.nanoTime() - start) / 1e6;
			if (!done.body().contains("\"state\":\"SUCCEEDED\"")) {
				throw new IllegalStateException("Job " + id.group(1) + " did not succeed: " + done.body());
			}
			if (i >= 20) {
				millis.add(elapsed);
			}
		}
		Collections.sort(millis);
		System.out.printf("%d sequential %s jobs, submit -> SUCCEEDED via long poll: p50 %.2f ms, p90 %.2f ms, "
				+ "p99 %.2f ms, max %.2f ms%n", jobs, task, pct(millis, 50), pct(millis, 90), pct(millis, 99),
				millis.getLast());
		System.out.printf("baseline, two plain HTTP round trips: p50 %.2f ms, p99 %.2f ms; Kolejka's own share of the "
				+ "p50: %.2f ms%n", pct(baseline, 50), pct(baseline, 99), pct(millis, 50) - pct(baseline, 50));
	}

	private static double pct(List<Double> sorted, int percentile) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
	}

}
