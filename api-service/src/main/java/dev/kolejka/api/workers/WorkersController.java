package dev.kolejka.api.workers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/workers}: the live workers as JSON, or as a table for terminals
 * ({@code Accept: text/plain}, what {@code ./kolejka status} prints).
 */
@RestController
@RequestMapping("/api/v1")
class WorkersController {

	private static final List<String> POOLS = List.of("cpu", "process", "io");

	private final WorkersView view;

	WorkersController(WorkersView view) {
		this.view = view;
	}

	@GetMapping(path = "/workers", produces = MediaType.APPLICATION_JSON_VALUE)
	List<ObjectNode> workers() {
		return this.view.workers();
	}

	@GetMapping(path = "/workers", produces = MediaType.TEXT_PLAIN_VALUE)
	String table() {
		var table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "%-24s %-5s %8s %5s %5s %9s %6s", "WORKER", "STATE", "PID", "CORES",
				"CPU%", "JOBS/S/C", "SEEN"));
		for (String pool : POOLS) {
			table.append(String.format(Locale.ROOT, "  %-26s", pool + " size/act/queue/done j/s/c"));
		}
		table.append('\n');
		Instant now = Instant.now();
		for (ObjectNode worker : this.view.workers()) {
			long seenAgo = Duration.between(Instant.parse(worker.get("lastHeartbeat").asString()), now).toSeconds();
			table.append(String.format(Locale.ROOT, "%-24s %-5s %8d %5d %5.0f %9.1f %5ds", worker.get("id").asString(),
					worker.get("state").asString(), worker.get("pid").asLong(), worker.get("cores").asInt(),
					100 * worker.get("cpuUtilization").asDouble(), worker.get("throughputPerCore").asDouble(),
					seenAgo));
			JsonNode pools = worker.get("pools");
			for (String pool : POOLS) {
				JsonNode load = (pools != null) ? pools.get(pool) : null;
				table.append(String.format(Locale.ROOT, "  %-26s", (load == null) ? "-" : poolCell(load)));
			}
			table.append('\n');
		}
		return table.toString();
	}

	private static String poolCell(JsonNode load) {
		return String.format(Locale.ROOT, "%d/%d/%d/%d %.1f", load.get("size").asInt(), load.get("active").asInt(),
				load.get("queued").asInt(), load.get("completed").asLong(), load.get("throughputPerCore").asDouble());
	}

}
