package dev.kolejka.task;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kolejka.job.JobError;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobSubmission;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.jspecify.annotations.Nullable;

/**
 * Checks a job as a worker (or a child JVM) decoded it, trusting nothing the API checked:
 * a record written straight to Kafka with valid bytes but hostile values must not run.
 * The task must be the registered type of its name and pass Bean Validation of its
 * components (the same ceilings the API applies), and its options must stay within the
 * hard maxima below, which no configuration can raise. A job that fails ends
 * {@code INVALID}: never retried, nothing runs.
 */
public final class TaskValidation {

	/** The most attempts a job may ask for. */
	public static final int MAX_ATTEMPTS = 100;

	/**
	 * The longest backoff: beyond an hour a retry is a new job, and huge values overflow
	 * the arithmetic of timers.
	 */
	public static final Duration MAX_BACKOFF = Duration.ofHours(1);

	/** The longest timeout: a day, so that no job pins a pool slot for ever. */
	public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

	/** The longest ordering key as it travels ({@code owner/key}). */
	public static final int MAX_KEY_LENGTH = 512;

	private final TaskRegistry registry;

	private final @Nullable Validator validator;

	public TaskValidation(TaskRegistry registry, @Nullable Validator validator) {
		this.registry = requireNonNull(registry, "registry");
		this.validator = validator;
	}

	/**
	 * With Bean Validation where a provider is on the class path; otherwise (the process
	 * pool used as a plain library) the type checks and option maxima only.
	 */
	public static TaskValidation orTypesOnly(TaskRegistry registry) {
		try {
			return of(registry);
		}
		catch (jakarta.validation.ValidationException ex) {
			return new TaskValidation(registry, null);
		}
	}

	/**
	 * With the Bean Validation provider on the class path (Hibernate Validator in the
	 * worker and its children).
	 */
	public static TaskValidation of(TaskRegistry registry) {
		try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
			return new TaskValidation(registry, factory.getValidator());
		}
	}

	/** Why {@code job} must not run, if it must not. */
	public Optional<JobError> check(JobSubmission job) {
		Optional<String> problem = task(job).or(() -> options(job.options()));
		return problem.map((message) -> JobError.invalid("Refused by the worker: " + message));
	}

	/** Why {@code task} must not run, if it must not: its type and its values. */
	public Optional<String> task(Task<?> task) {
		Optional<TaskDescriptor> descriptor = this.registry.describe(task.getClass());
		if (descriptor.isEmpty()) {
			return Optional.of("the task's type is not registered");
		}
		if (this.validator == null) {
			return Optional.empty();
		}
		Set<ConstraintViolation<Object>> violations = this.validator.validate((Object) task);
		if (!violations.isEmpty()) {
			return Optional.of(violations.stream()
				.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
				.sorted()
				.collect(Collectors.joining("; ")));
		}
		return Optional.empty();
	}

	private Optional<String> task(JobSubmission job) {
		Optional<TaskDescriptor> descriptor = this.registry.describe(job.task().getClass());
		if (descriptor.isPresent() && !descriptor.get().name().equals(job.taskName())) {
			return Optional.of("the task is not a '" + job.taskName() + "'");
		}
		Optional<String> values = task(job.task());
		if (values.isPresent() || descriptor.isEmpty()) {
			return values;
		}
		Pool pool = job.options().poolOr(descriptor.get().defaultPool());
		if (descriptor.get().defaultPool() == Pool.PROCESS && pool != Pool.PROCESS) {
			return Optional.of("task '" + job.taskName() + "' runs only in the process pool, not " + pool.id());
		}
		return Optional.empty();
	}

	/** Why {@code options} are out of bounds, if they are. */
	public static Optional<String> options(JobOptions options) {
		if (options.maxAttempts() < 1 || options.maxAttempts() > MAX_ATTEMPTS) {
			return Optional.of("maxAttempts must be from 1 to " + MAX_ATTEMPTS);
		}
		if (!positiveAtMost(options.backoff(), MAX_BACKOFF)) {
			return Optional.of("backoff must be positive and at most " + MAX_BACKOFF);
		}
		if (options.timeout() != null && !positiveAtMost(options.timeout(), MAX_TIMEOUT)) {
			return Optional.of("timeout must be positive and at most " + MAX_TIMEOUT);
		}
		if (options.key() != null && (options.key().isEmpty() || options.key().length() > MAX_KEY_LENGTH)) {
			return Optional.of("key must have 1 to " + MAX_KEY_LENGTH + " characters");
		}
		return Optional.empty();
	}

	private static boolean positiveAtMost(Duration duration, Duration max) {
		return duration.isPositive() && duration.compareTo(max) <= 0;
	}

}
