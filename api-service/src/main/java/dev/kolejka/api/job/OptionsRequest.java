package dev.kolejka.api.job;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import dev.kolejka.api.problem.FieldError;
import dev.kolejka.job.JobOptions;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskValidation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job's {@code options} as sent: parsed field by field so every invalid one is
 * reported, with the defaults of SPEC §2 for the missing ones.
 */
public record OptionsRequest(JobOptions options, @Nullable Integer chunkSize) {

	private static final Set<String> JOB_FIELDS = Set.of("pool", "maxAttempts", "backoff", "timeout", "key");

	private static final int MAX_ATTEMPTS_LIMIT = 100;

	private static final int MAX_KEY_LENGTH = 256;

	/** Parses {@code node}; on errors, adds them and returns the defaults. */
	public static OptionsRequest parse(@Nullable JsonNode node, boolean batch, int maxChunkSize,
			List<FieldError> errors) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return new OptionsRequest(JobOptions.DEFAULTS, null);
		}
		if (!node.isObject()) {
			errors.add(new FieldError("options", "must be a JSON object"));
			return new OptionsRequest(JobOptions.DEFAULTS, null);
		}
		int before = errors.size();
		for (String name : node.propertyNames()) {
			if (!JOB_FIELDS.contains(name) && !(batch && name.equals("chunkSize"))) {
				errors.add(new FieldError("options." + name, "is not a job option"));
			}
		}
		Pool pool = pool(node.get("pool"), errors);
		int maxAttempts = wholeNumber(node.get("maxAttempts"), "maxAttempts", 1, MAX_ATTEMPTS_LIMIT,
				JobOptions.DEFAULT_MAX_ATTEMPTS, errors);
		Duration backoff = duration(node.get("backoff"), "backoff", TaskValidation.MAX_BACKOFF, errors);
		Duration timeout = duration(node.get("timeout"), "timeout", TaskValidation.MAX_TIMEOUT, errors);
		String key = key(node.get("key"), errors);
		Integer chunkSize = node.has("chunkSize")
				? wholeNumber(node.get("chunkSize"), "chunkSize", 1, maxChunkSize, 1, errors) : null;
		if (errors.size() > before) {
			return new OptionsRequest(JobOptions.DEFAULTS, null);
		}
		return new OptionsRequest(new JobOptions(pool, maxAttempts,
				(backoff != null) ? backoff : JobOptions.DEFAULT_BACKOFF, timeout, key), chunkSize);
	}

	private static @Nullable Pool pool(@Nullable JsonNode node, List<FieldError> errors) {
		if (node == null || node.isNull()) {
			return null;
		}
		var pool = node.isString() ? Pool.fromId(node.textValue()) : java.util.Optional.<Pool>empty();
		if (pool.isEmpty()) {
			errors.add(new FieldError("options.pool", "must be one of cpu, process, io"));
			return null;
		}
		return pool.get();
	}

	private static int wholeNumber(@Nullable JsonNode node, String name, int min, int max, int fallback,
			List<FieldError> errors) {
		if (node == null || node.isNull()) {
			return fallback;
		}
		if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
			errors.add(new FieldError("options." + name, "must be a whole number from " + min + " to " + max));
			return fallback;
		}
		return node.intValue();
	}

	private static @Nullable Duration duration(@Nullable JsonNode node, String name, Duration max,
			List<FieldError> errors) {
		if (node == null || node.isNull()) {
			return null;
		}
		try {
			Duration value = Duration.parse(node.isString() ? node.textValue() : "");
			if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
				errors.add(new FieldError("options." + name,
						"must be a positive ISO-8601 duration such as PT1S, at most " + max));
				return null;
			}
			return value;
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldError("options." + name, "must be an ISO-8601 duration such as PT1S or PT0.5S"));
			return null;
		}
	}

	private static @Nullable String key(@Nullable JsonNode node, List<FieldError> errors) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString() || node.textValue().isEmpty() || node.textValue().length() > MAX_KEY_LENGTH) {
			errors.add(new FieldError("options.key",
					"must be a non-empty string of at most " + MAX_KEY_LENGTH + " characters"));
			return null;
		}
		return node.textValue();
	}

}
