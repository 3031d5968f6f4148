package dev.kolejka.api.job;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kolejka.api.config.ApiProperties;
import dev.kolejka.api.problem.FieldError;
import dev.kolejka.api.problem.InvalidArgumentsException;
import dev.kolejka.api.problem.JobFinishedException;
import dev.kolejka.api.problem.NotFoundException;
import dev.kolejka.api.problem.UnknownTaskException;
import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.api.status.JobWaiter;
import dev.kolejka.api.status.LongPolls;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Submit one job; read it back, optionally waiting until it is finished. */
@RestController
@RequestMapping("/api/v1")
class JobController {

	/** Until API keys arrive, every client shares one idempotency scope. */
	static final String ANONYMOUS_SCOPE = "anonymous";

	private final TaskRegistry registry;

	private final TaskArgsBinder binder;

	private final JobSubmitter submitter;

	private final JobStatusStore store;

	private final JobWaiter waiter;

	private final LongPolls longPolls;

	private final IdempotencyKeys idempotency;

	private final ApiProperties properties;

	private final Clock clock;

	JobController(TaskRegistry registry, TaskArgsBinder binder, JobSubmitter submitter, JobStatusStore store,
			JobWaiter waiter, LongPolls longPolls, IdempotencyKeys idempotency, ApiProperties properties, Clock clock) {
		this.registry = registry;
		this.binder = binder;
		this.submitter = submitter;
		this.store = store;
		this.waiter = waiter;
		this.longPolls = longPolls;
		this.idempotency = idempotency;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping(path = "/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<JobView> submit(@RequestBody SubmitJobRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		var errors = new ArrayList<FieldError>();
		TaskDescriptor descriptor = descriptor(request.task());
		OptionsRequest options = OptionsRequest.parse(request.options(), false, this.properties.maxChunkSize(), errors);
		Task<?> task = this.binder.bind(descriptor, request.args(), "args.", errors);
		if (task == null || !errors.isEmpty()) {
			throw new InvalidArgumentsException(errors);
		}
		if (idempotencyKey == null) {
			return accepted(send(JobId.newId(this.clock), descriptor, task, options));
		}
		JobId id = JobId.fromIdempotencyKey(ANONYMOUS_SCOPE, idempotencyKey);
		Optional<Job> known = this.store.job(id);
		if (known.isPresent()) {
			return ResponseEntity.ok(JobView.of(known.get()));
		}
		Optional<CompletableFuture<Void>> other = this.idempotency.claim(id);
		if (other.isPresent()) {
			awaitOther(other.get());
			return ResponseEntity.ok(this.store.job(id).map(JobView::of).orElseThrow(() -> NotFoundException.job(id)));
		}
		try {
			return accepted(send(id, descriptor, task, options));
		}
		catch (RuntimeException ex) {
			this.idempotency.release(id, ex);
			throw ex;
		}
	}

	@GetMapping("/jobs/{id}")
	JobView job(@PathVariable String id, @RequestParam(defaultValue = "0") int waitSeconds) {
		JobId jobId = parse(id);
		Duration wait = Duration.ofSeconds(Math.clamp(waitSeconds, 0, this.properties.maxWait().toSeconds()));
		Optional<Job> job = wait.isZero() ? this.waiter.await(jobId, wait)
				: this.longPolls.within(() -> this.waiter.await(jobId, wait));
		return job.map(JobView::of).orElseThrow(() -> NotFoundException.job(id));
	}

	/**
	 * Cancels a job that has not finished: a queued job never runs, a running one is
	 * interrupted. Answers 202 with the job as CANCELLED; 409 if it already finished (a
	 * race with the job's own end is decided by whichever event reaches the job's
	 * partition first).
	 */
	@DeleteMapping("/jobs/{id}")
	ResponseEntity<JobView> cancel(@PathVariable String id) {
		JobId jobId = parse(id);
		Job job = this.store.job(jobId).orElseThrow(() -> NotFoundException.job(id));
		if (job.state().isTerminal()) {
			throw new JobFinishedException(id, job.state());
		}
		var cancelled = new JobEvent.Cancelled(jobId, job.task(), job.attempts(), this.clock.instant(), null);
		this.submitter.cancel(cancelled);
		return ResponseEntity.accepted().body(JobView.of(job.apply(cancelled)));
	}

	private TaskDescriptor descriptor(@Nullable String task) {
		if (task == null || task.isBlank()) {
			throw new InvalidArgumentsException(List.of(new FieldError("task", "is required")));
		}
		return this.registry.find(task).orElseThrow(() -> new UnknownTaskException(task));
	}

	private Job send(JobId id, TaskDescriptor descriptor, Task<?> task, OptionsRequest options) {
		Instant now = this.clock.instant();
		var submission = new JobSubmission(id, descriptor.name(), task, options.options(), now, 1, null);
		this.submitter.submit(submission);
		Job job = Job.from(new JobEvent.Queued(id, descriptor.name(), 1, now, options.options(), null, null, null));
		this.store.accepted(job);
		return job;
	}

	private void awaitOther(CompletableFuture<Void> other) {
		try {
			other.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// the other submit failed or is slow: answer with what the view holds
		}
	}

	private static ResponseEntity<JobView> accepted(Job job) {
		return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(JobView.of(job));
	}

	static JobId parse(String id) {
		try {
			return JobId.parse(id);
		}
		catch (IllegalArgumentException ex) {
			throw NotFoundException.job(id);
		}
	}

}
