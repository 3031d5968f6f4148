package dev.kolejka.api.batch;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kolejka.api.config.ApiProperties;
import dev.kolejka.spring.TopicProperties;
import dev.kolejka.api.job.IdempotencyKeys;
import dev.kolejka.api.job.JobSubmitter;
import dev.kolejka.api.job.OptionsRequest;
import dev.kolejka.api.job.SubmitOptions;
import dev.kolejka.api.job.TaskArgsBinder;
import dev.kolejka.api.problem.BatchTooLargeException;
import dev.kolejka.api.problem.FieldError;
import dev.kolejka.api.problem.ForbiddenException;
import dev.kolejka.api.problem.IdempotencyKeyReusedException;
import dev.kolejka.api.problem.InvalidArgumentsException;
import dev.kolejka.api.problem.NotFoundException;
import dev.kolejka.api.problem.UnknownTaskException;
import dev.kolejka.api.security.Caller;
import dev.kolejka.api.security.Owners;
import dev.kolejka.api.security.SubmitQuotas;
import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.api.status.BatchWaiter;
import dev.kolejka.api.status.LongPolls;
import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.BatchRef;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code Pool.map} over REST: one job per item, results read back in item order. */
@RestController
@RequestMapping("/api/v1")
class BatchController {

	private static final int MAX_LISTED_ERRORS = 100;

	private final TaskRegistry registry;

	private final TaskArgsBinder binder;

	private final JobSubmitter submitter;

	private final JobStatusStore store;

	private final BatchWaiter waiter;

	private final LongPolls longPolls;

	private final ApiProperties properties;

	private final int partitions;

	private final Clock clock;

	private final IdempotencyKeys idempotency;

	private final SubmitQuotas quotas;

	private final SubmitOptions completion;

	BatchController(TaskRegistry registry, TaskArgsBinder binder, JobSubmitter submitter, JobStatusStore store,
			BatchWaiter waiter, LongPolls longPolls, ApiProperties properties, TopicProperties topics, Clock clock,
			IdempotencyKeys idempotency, SubmitQuotas quotas, SubmitOptions completion) {
		this.completion = completion;
		this.idempotency = idempotency;
		this.quotas = quotas;
		this.registry = registry;
		this.binder = binder;
		this.submitter = submitter;
		this.store = store;
		this.waiter = waiter;
		this.longPolls = longPolls;
		this.properties = properties;
		this.partitions = topics.partitions();
		this.clock = clock;
	}

	@PostMapping(path = "/jobs/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BatchAccepted> submit(@RequestBody SubmitBatchRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		Caller caller = Caller.current();
		TaskDescriptor descriptor = descriptor(request.task(), caller);
		JsonNode items = items(request.items());
		var errors = new ArrayList<FieldError>();
		OptionsRequest options = OptionsRequest.parse(request.options(), true, this.properties.maxChunkSize(), errors);
		List<Task<?>> tasks = bind(descriptor, items, errors);
		if (!errors.isEmpty()) {
			throw new InvalidArgumentsException(errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS)));
		}
		if (idempotencyKey == null) {
			BatchQueued batch = send(JobId.newId(this.clock).value(), null, descriptor, tasks, options, caller, null);
			return ResponseEntity.accepted()
				.location(URI.create("/api/v1/batches/" + batch.batchId()))
				.body(accepted(batch));
		}
		String requestHash = Owners.requestHash(descriptor.name(), tasks, options.options(), options.chunkSize());
		UUID batchId = JobId.fromIdempotencyKey("batch:" + caller.owner(), idempotencyKey).value();
		IdempotencyKeys.Outcome<BatchQueued> outcome = this.idempotency.once(batchId, () -> this.store.batch(batchId),
				() -> send(batchId, idempotencyKey, descriptor, tasks, options, caller, requestHash));
		if (!outcome.repeated()) {
			return ResponseEntity.accepted()
				.location(URI.create("/api/v1/batches/" + batchId))
				.body(accepted(outcome.value()));
		}
		if (!requestHash.equals(outcome.value().options().requestHash())) {
			throw new IdempotencyKeyReusedException();
		}
		return ResponseEntity.ok(accepted(outcome.value()));
	}

	/**
	 * The batch's counts over all its jobs; {@code states} and {@code results} of the
	 * items from {@code offset}, at most {@code limit} of them (all by default).
	 */
	@GetMapping("/batches/{id}")
	BatchView batch(@PathVariable String id, @RequestParam(defaultValue = "0") int waitSeconds,
			@RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "10000") int limit) {
		UUID batchId = parse(id);
		Caller caller = Caller.current();
		BatchQueued batch = this.store.batch(batchId)
			.filter((known) -> Owners.visible(caller, known.options()))
			.orElseThrow(() -> NotFoundException.batch(id));
		var page = BatchView.Page.of(offset, limit);
		BatchView view = BatchView.of(batch, jobs(batch), page);
		Duration wait = Duration.ofSeconds(Math.clamp(waitSeconds, 0, this.properties.maxWait().toSeconds()));
		if (view.isTerminal() || wait.isZero()) {
			return view;
		}
		return this.longPolls.within(() -> {
			this.waiter.awaitAll(batch, wait);
			return BatchView.of(batch, jobs(batch), page);
		});
	}

	private TaskDescriptor descriptor(@Nullable String task, Caller caller) {
		if (task == null || task.isBlank()) {
			throw new InvalidArgumentsException(List.of(new FieldError("task", "is required")));
		}
		TaskDescriptor descriptor = this.registry.find(task).orElseThrow(() -> new UnknownTaskException(task));
		if (descriptor.name().equals("chaos") && !caller.isAdmin()) {
			throw new ForbiddenException("Task 'chaos' needs an API key with scope 'admin'");
		}
		return descriptor;
	}

	private JsonNode items(@Nullable JsonNode items) {
		if (items == null || !items.isArray() || items.isEmpty()) {
			throw new InvalidArgumentsException(List.of(new FieldError("items", "must be a non-empty array of args")));
		}
		if (items.size() > this.properties.maxBatchItems()) {
			throw new BatchTooLargeException(items.size(), this.properties.maxBatchItems());
		}
		return items;
	}

	private List<Task<?>> bind(TaskDescriptor descriptor, JsonNode items, List<FieldError> errors) {
		var tasks = new ArrayList<Task<?>>(items.size());
		for (int i = 0; i < items.size() && errors.size() < MAX_LISTED_ERRORS; i++) {
			Task<?> task = this.binder.bind(descriptor, items.get(i), "items[" + i + "].", errors);
			if (task != null) {
				tasks.add(task);
			}
		}
		return tasks;
	}

	private BatchQueued send(UUID batchId, @Nullable String idempotencyKey, TaskDescriptor descriptor,
			List<Task<?>> tasks, OptionsRequest request, Caller caller, @Nullable String requestHash) {
		Instant now = this.clock.instant();
		JobOptions options = this.completion.complete(request.options(), descriptor, caller, requestHash);
		var ids = new ArrayList<JobId>(tasks.size());
		var jobs = new ArrayList<JobSubmission>(tasks.size());
		for (int i = 0; i < tasks.size(); i++) {
			JobId id = (idempotencyKey != null)
					? JobId.fromIdempotencyKey("batch:" + caller.owner(), idempotencyKey + "#" + i)
					: JobId.newId(this.clock);
			ids.add(id);
			jobs.add(new JobSubmission(id, descriptor.name(), tasks.get(i), options, now, 1, new BatchRef(batchId, i)));
		}
		var batch = new BatchQueued(batchId, descriptor.name(), options, ids, now);
		this.quotas.admit(caller, ids);
		this.store.accepting(batch, jobs.stream()
			.map((job) -> Job
				.from(new JobEvent.Queued(job.id(), job.taskName(), 1, now, job.options(), job.batch(), null, null)))
			.toList());
		try {
			this.submitter.submit(jobs, chunkSize(request, jobs.size()), batch);
		}
		catch (RuntimeException ex) {
			this.quotas.forget(ids);
			this.store.notAccepted(ids, batchId);
			throw ex;
		}
		return batch;
	}

	/**
	 * Like {@code Pool.map}'s default chunksize: enough chunks to spread the batch over
	 * every partition (so every worker gets a share) while keeping the record count,
	 * which is what costs, low.
	 */
	private int chunkSize(OptionsRequest options, int jobs) {
		if (options.chunkSize() != null) {
			return options.chunkSize();
		}
		int spread = Math.ceilDiv(jobs, 4 * this.partitions);
		return Math.clamp(spread, 1, this.properties.maxChunkSize());
	}

	private List<Optional<Job>> jobs(BatchQueued batch) {
		var jobs = new ArrayList<Optional<Job>>(batch.ids().size());
		for (JobId id : batch.ids()) {
			jobs.add(this.store.job(id));
		}
		return jobs;
	}

	private static BatchAccepted accepted(BatchQueued batch) {
		return new BatchAccepted(batch.batchId().toString(), batch.ids().stream().map(JobId::toString).toList());
	}

	private static UUID parse(String id) {
		try {
			return JobId.parse(id).value();
		}
		catch (IllegalArgumentException ex) {
			throw NotFoundException.batch(id);
		}
	}

}
