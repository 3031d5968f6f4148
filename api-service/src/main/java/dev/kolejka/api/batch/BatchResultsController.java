package dev.kolejka.api.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kolejka.api.job.JobView;
import dev.kolejka.api.problem.FieldError;
import dev.kolejka.api.problem.InvalidArgumentsException;
import dev.kolejka.api.problem.NotFoundException;
import dev.kolejka.api.security.Caller;
import dev.kolejka.api.security.Owners;
import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.api.status.JobWaiter;
import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code imap} and {@code imap_unordered} over HTTP: a batch's results as a stream, one
 * event per job as soon as it has ended, its data the job's JSON with its item
 * {@code index}. Item order waits for the next item; completion order does not. Event
 * {@code n} has id {@code n} (1-based); {@code Last-Event-ID: n} resumes after it. A
 * stream ends with an {@code end} event once every job has ended, or after
 * {@value #MAX_STREAM_MINUTES} minutes without (the client reconnects with its last id).
 */
@RestController
@RequestMapping("/api/v1")
class BatchResultsController {

	static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private static final int MAX_STREAM_MINUTES = 5;

	private static final long KEEP_ALIVE_SECONDS = 15;

	private final JobStatusStore store;

	private final JobWaiter waiter;

	private final CompletionLogs logs;

	private final JsonMapper json;

	BatchResultsController(JobStatusStore store, JobWaiter waiter, CompletionLogs logs, JsonMapper json) {
		this.store = store;
		this.waiter = waiter;
		this.logs = logs;
		this.json = json;
	}

	@GetMapping(path = "/batches/{id}/results", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<StreamingResponseBody> events(@PathVariable String id,
			@RequestParam(defaultValue = "item") String order,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
		return stream(id, order, lastEventId, MediaType.TEXT_EVENT_STREAM, true);
	}

	@GetMapping(path = "/batches/{id}/results", produces = "application/x-ndjson")
	ResponseEntity<StreamingResponseBody> lines(@PathVariable String id,
			@RequestParam(defaultValue = "item") String order,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
		return stream(id, order, lastEventId, NDJSON, false);
	}

	private ResponseEntity<StreamingResponseBody> stream(String id, String order, @Nullable String lastEventId,
			MediaType type, boolean sse) {
		BatchQueued batch = batch(id);
		boolean completion = switch (order) {
			case "item" -> false;
			case "completion" -> true;
			default ->
				throw new InvalidArgumentsException(List.of(new FieldError("order", "must be item or completion")));
		};
		int after = after(lastEventId, batch.ids().size());
		CompletionLog log = completion ? this.logs.of(batch) : null;
		StreamingResponseBody body = (out) -> {
			var writer = new EventWriter(out, sse);
			if (log != null) {
				streamCompletion(batch, log, after, writer);
			}
			else {
				streamItems(batch, after, writer);
			}
		};
		return ResponseEntity.ok().contentType(type).header("Cache-Control", "no-cache").body(body);
	}

	private void streamItems(BatchQueued batch, int after, EventWriter writer) throws IOException {
		long deadline = deadline();
		for (int index = after; index < batch.ids().size(); index++) {
			Job job = awaitEnd(batch.ids().get(index), deadline, writer);
			if (job == null) {
				return;
			}
			writer.event(index + 1, eventJson(job, index));
		}
		writer.end(batch);
	}

	private void streamCompletion(BatchQueued batch, CompletionLog log, int after, EventWriter writer)
			throws IOException {
		long deadline = deadline();
		int position = after;
		try {
			while (position < log.total() && System.nanoTime() < deadline) {
				int size = log.awaitMoreThan(position, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
				if (size == position) {
					writer.keepAlive();
				}
				for (; position < size; position++) {
					int index = log.at(position);
					Job job = this.store.job(batch.ids().get(index)).orElseThrow();
					writer.event(position + 1, eventJson(job, index));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (position == log.total()) {
			writer.end(batch);
		}
	}

	/** The job once it has ended, or {@code null} when the stream's time is up. */
	private @Nullable Job awaitEnd(JobId id, long deadline, EventWriter writer) throws IOException {
		while (System.nanoTime() < deadline) {
			CompletableFuture<Job> future = this.waiter.terminal(id);
			try {
				return future.get(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				writer.keepAlive();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
			catch (ExecutionException ex) {
				return null;
			}
			finally {
				this.waiter.forget(id, future);
			}
		}
		return null;
	}

	private String eventJson(Job job, int index) {
		String view = this.json.writeValueAsString(JobView.of(job));
		return "{\"index\":" + index + "," + view.substring(1);
	}

	private BatchQueued batch(String id) {
		try {
			UUID batchId = JobId.parse(id).value();
			// another owner's batch does not exist for this caller
			Caller caller = Caller.current();
			return this.store.batch(batchId)
				.filter((known) -> Owners.visible(caller, known.options()))
				.orElseThrow(() -> NotFoundException.batch(id));
		}
		catch (IllegalArgumentException ex) {
			throw NotFoundException.batch(id);
		}
	}

	private static int after(@Nullable String lastEventId, int total) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return 0;
		}
		try {
			return Math.clamp(Long.parseLong(lastEventId.trim()), 0, total);
		}
		catch (NumberFormatException ex) {
			throw new InvalidArgumentsException(
					List.of(new FieldError("Last-Event-ID", "must be the number of an event of this stream")));
		}
	}

	private static long deadline() {
		return System.nanoTime() + Duration.ofMinutes(MAX_STREAM_MINUTES).toNanos();
	}

	/** Writes server-sent events, or one JSON object per line. */
	private record EventWriter(OutputStream out, boolean sse) {

		void event(long id, String data) throws IOException {
			write(this.sse ? "id: " + id + "\nevent: result\ndata: " + data + "\n\n" : data + "\n");
		}

		void end(BatchQueued batch) throws IOException {
			String data = "{\"batchId\":\"" + batch.batchId() + "\",\"total\":" + batch.ids().size() + "}";
			write(this.sse ? "event: end\ndata: " + data + "\n\n" : "");
		}

		void keepAlive() throws IOException {
			write(this.sse ? ": keep-alive\n\n" : "");
		}

		private void write(String text) throws IOException {
			if (!text.isEmpty()) {
				this.out.write(text.getBytes(StandardCharsets.UTF_8));
				this.out.flush();
			}
		}

	}

}
