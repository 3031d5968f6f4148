package dev.kolejka.api.job;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.kolejka.api.config.ApiProperties;
import dev.kolejka.api.problem.FieldError;
import dev.kolejka.api.problem.ForbiddenException;
import dev.kolejka.api.problem.IdempotencyKeyReusedException;
import dev.kolejka.api.problem.InvalidArgumentsException;
import dev.kolejka.api.problem.JobFinishedException;
import dev.kolejka.api.problem.NotFoundException;
import dev.kolejka.api.problem.UnknownTaskException;
import dev.kolejka.api.security.Caller;
import dev.kolejka.api.security.Owners;
import dev.kolejka.api.security.SubmitQuotas;
import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.api.status.JobWaiter;
import dev.kolejka.api.status.LongPolls;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
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

	/** Fault drills: only an admin may pull these levers. */
	static final Set<String> ADMIN_ONLY_TASKS = Set.of("chaos");

	private final TaskRegistry registry;

	private final TaskArgsBinder binder;

	private final JobSubmitter submitter;

	private final JobStatusStore store;

	private final JobWaiter waiter;

	private final LongPolls longPolls;

	private final IdempotencyKeys idempotency;

	private final ApiProperties properties;

	private final Clock clock;

	private final SubmitQuotas quotas;

	private final SubmitOptions completion;

	JobController(TaskRegistry registry, TaskArgsBinder binder, JobSubmitter submitter, JobStatusStore store,
			JobWaiter waiter, LongPolls longPolls, IdempotencyKeys idempotency, ApiProperties properties, Clock clock,
			SubmitQuotas quotas, SubmitOptions completion) {
		this.quotas = quotas;
		this.completion = completion;
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
		Caller caller = Caller.current();
		var errors = new ArrayList<FieldError>();
		TaskDescriptor descriptor = descriptor(request.task(), caller);
		OptionsRequest options = OptionsRequest.parse(request.options(), false, this.properties.maxChunkSize(), errors);
		Task<?> task = this.binder.bind(descriptor, request.args(), "args.", errors);
		if (task == null || !errors.isEmpty()) {
			throw new InvalidArgumentsException(errors);
		}
		if (idempotencyKey == null) {
			JobId id = JobId.newId(this.clock);
			return accepted(send(id, descriptor, task,
					this.completion.complete(options.options(), descriptor, caller, null), caller), caller);
		}
		String requestHash = Owners.requestHash(descriptor.name(), task, options.options());
		JobOptions owned = this.completion.complete(options.options(), descriptor, caller, requestHash);
		JobId id = JobId.fromIdempotencyKey(caller.owner(), idempotencyKey);
		IdempotencyKeys.Outcome<Job> outcome = this.idempotency.once(id, () -> this.store.job(id),
				() -> send(id, descriptor, task, owned, caller));
		if (!outcome.repeated()) {
			return accepted(outcome.value(), caller);
		}
		JobOptions known = outcome.value().options();
		if (known != null && known.requestHash() != null && !requestHash.equals(known.requestHash())) {
			throw new IdempotencyKeyReusedException();
		}
		return ResponseEntity.ok(JobView.of(outcome.value(), caller.isAdmin()));
	}

	@GetMapping("/jobs/{id}")
	JobView job(@PathVariable String id, @RequestParam(defaultValue = "0") int waitSeconds) {
		Caller caller = Caller.current();
		JobId jobId = parse(id);
		// a job of another owner does not exist for this caller, before and after the
		// wait
		visible(jobId, caller, id);
		Duration wait = Duration.ofSeconds(Math.clamp(waitSeconds, 0, this.properties.maxWait().toSeconds()));
		Optional<Job> found = wait.isZero() ? this.waiter.await(jobId, wait)
				: this.longPolls.within(() -> this.waiter.await(jobId, wait));
		return found.filter((job) -> Owners.visible(caller, job.options()))
			.map((job) -> JobView.of(job, caller.isAdmin()))
			.orElseThrow(() -> NotFoundException.job(id));
	}

	/**
	 * Cancels a job that has not finished: a queued job never runs, a running one is
	 * interrupted. Answers 202 with the job as CANCELLED; 409 if it already finished (a
	 * race with the job's own end is decided by whichever event reaches the job's
	 * partition first).
	 */
	@DeleteMapping("/jobs/{id}")
	ResponseEntity<JobView> cancel(@PathVariable String id) {
		Caller caller = Caller.current();
		JobId jobId = parse(id);
		Job job = visible(jobId, caller, id).orElseThrow(() -> NotFoundException.job(id));
		if (job.state().isTerminal()) {
			throw new JobFinishedException(id, job.state());
		}
		var cancelled = new JobEvent.Cancelled(jobId, job.task(), job.attempts(), this.clock.instant(), null);
		this.submitter.cancel(cancelled);
		return ResponseEntity.accepted().body(JobView.of(job.apply(cancelled), caller.isAdmin()));
	}

	private Optional<Job> visible(JobId id, Caller caller, String shown) {
		Optional<Job> job = this.store.job(id);
		if (job.isPresent() && !Owners.visible(caller, job.get().options())) {
			throw NotFoundException.job(shown);
		}
		return job;
	}

	private TaskDescriptor descriptor(@Nullable String task, Caller caller) {
		if (task == null || task.isBlank()) {
			throw new InvalidArgumentsException(List.of(new FieldError("task", "is required")));
		}
		TaskDescriptor descriptor = this.registry.find(task).orElseThrow(() -> new UnknownTaskException(task));
		if (ADMIN_ONLY_TASKS.contains(descriptor.name()) && !caller.isAdmin()) {
			throw new ForbiddenException("Task '" + descriptor.name() + "' needs an API key with scope 'admin'");
		}
		return descriptor;
	}

	private Job send(JobId id, TaskDescriptor descriptor, Task<?> task, JobOptions options, Caller caller) {
		Instant now = this.clock.instant();
		var submission = new JobSubmission(id, descriptor.name(), task, options, now, 1, null);
		Job job = Job.from(new JobEvent.Queued(id, descriptor.name(), 1, now, options, null, null, null));
		this.quotas.admit(caller, List.of(id));
		this.store.accepting(job);
		try {
			this.submitter.submit(submission);
		}
		catch (RuntimeException ex) {
			this.quotas.forget(List.of(id));
			this.store.notAccepted(List.of(id), null);
			throw ex;
		}
		return job;
	}

	private static ResponseEntity<JobView> accepted(Job job, Caller caller) {
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/jobs/" + job.id()))
			.body(JobView.of(job, caller.isAdmin()));
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
