package dev.kolejka.api.loadrun;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.kolejka.api.problem.FieldError;
import dev.kolejka.api.problem.InvalidArgumentsException;
import dev.kolejka.api.problem.NotFoundException;
import dev.kolejka.api.problem.UnknownTaskException;
import dev.kolejka.loadgen.LoadCli;
import dev.kolejka.loadgen.LoadSpec;
import dev.kolejka.loadgen.Workload;
import dev.kolejka.task.TaskRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Load runs from the dashboard: {@code POST} starts the load generator against this API's
 * own base URL (409 while another run is going), {@code GET} lists runs or shows one with
 * its samples and report, {@code DELETE} stops a run. The caller's {@code Authorization}
 * travels with the run's requests, so a run can do only what its caller may.
 */
@RestController
@RequestMapping("/api/v1/load-runs")
class LoadRunController {

	private static final String BEARER = "Bearer ";

	private final LoadRuns runs;

	private final TaskRegistry registry;

	private final LoadRunProperties properties;

	private final Environment environment;

	LoadRunController(LoadRuns runs, TaskRegistry registry, LoadRunProperties properties, Environment environment) {
		this.runs = runs;
		this.registry = registry;
		this.properties = properties;
		this.environment = environment;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<LoadRunView> start(@RequestBody LoadRunRequest request,
			@RequestHeader(name = "Authorization", required = false) @Nullable String authorization) {
		var errors = new ArrayList<FieldError>();
		String task = task(request.task(), errors);
		double rate = (request.rate() != null) ? request.rate() : 0;
		if (!(rate > 0) || rate > this.properties.maxRate()) {
			errors.add(new FieldError("rate", "must be above 0 and at most " + this.properties.maxRate()));
		}
		Duration duration = duration(request.duration(), errors);
		int batch = (request.batch() != null) ? request.batch() : 1;
		if (batch < 1 || batch > 10_000) {
			errors.add(new FieldError("batch", "must be between 1 and 10000"));
		}
		String args = (request.args() != null) ? request.args().toString() : "{}";
		if (request.args() != null && !request.args().isObject()) {
			errors.add(new FieldError("args", "must be a JSON object"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidArgumentsException(errors);
		}
		var spec = new LoadSpec(baseUrl(), List.of(Workload.of(task, args, request.pool())), rate, duration, batch,
				this.properties.concurrency(), this.properties.drain(), key(authorization));
		LoadRunView view = this.runs.start(spec, args, request.pool());
		return ResponseEntity.accepted().location(URI.create("/api/v1/load-runs/" + view.id())).body(view);
	}

	@GetMapping
	List<LoadRunView> list() {
		return this.runs.list();
	}

	@GetMapping("/{id}")
	LoadRunView run(@PathVariable String id) {
		return this.runs.find(id).orElseThrow(() -> NotFoundException.loadRun(id));
	}

	@DeleteMapping("/{id}")
	LoadRunView stop(@PathVariable String id) {
		return this.runs.stop(id).orElseThrow(() -> NotFoundException.loadRun(id));
	}

	private String task(@Nullable String task, List<FieldError> errors) {
		if (task == null || task.isBlank()) {
			errors.add(new FieldError("task", "is required"));
			return "";
		}
		return this.registry.find(task).orElseThrow(() -> new UnknownTaskException(task)).name();
	}

	private Duration duration(@Nullable String text, List<FieldError> errors) {
		try {
			Duration duration = LoadCli.duration((text != null) ? text : "");
			if (!duration.isNegative() && !duration.isZero()
					&& duration.compareTo(this.properties.maxDuration()) <= 0) {
				return duration;
			}
		}
		catch (RuntimeException ex) {
			// reported below
		}
		errors
			.add(new FieldError("duration", "must be like 10s, 2m or PT30S, at most " + this.properties.maxDuration()));
		return Duration.ofSeconds(1);
	}

	private URI baseUrl() {
		return LoadRuns.baseUrl(this.environment.getProperty("server.address", ""),
				this.environment.getRequiredProperty("local.server.port", Integer.class));
	}

	private static @Nullable String key(@Nullable String authorization) {
		return (authorization != null && authorization.startsWith(BEARER))
				? authorization.substring(BEARER.length()).trim() : null;
	}

}
