package dev.kolejka.api.job;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kolejka.api.problem.FieldError;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskArguments;
import dev.kolejka.task.TaskDescriptor;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a job's JSON arguments into its task record and validates it with Bean
 * Validation. Every problem is reported at once, field by field, rather than the first
 * one only: a client fixes its request in one round trip.
 */
@Component
public class TaskArgsBinder {

	private final JsonMapper strict = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final Validator validator;

	TaskArgsBinder(Validator validator) {
		this.validator = validator;
	}

	/**
	 * The task, or the errors (with field names under {@code prefix}) added to
	 * {@code errors}.
	 */
	public @Nullable Task<?> bind(TaskDescriptor descriptor, @Nullable JsonNode args, String prefix,
			List<FieldError> errors) {
		if (args == null || args.isNull() || args.isMissingNode()) {
			args = this.strict.createObjectNode();
		}
		if (!args.isObject()) {
			errors.add(new FieldError(prefix.isEmpty() ? "args" : prefix, "must be a JSON object"));
			return null;
		}
		int before = errors.size();
		RecordComponent[] components = descriptor.type().getRecordComponents();
		checkNames(args, components, prefix, errors);
		if (errors.size() > before) {
			return null;
		}
		Task<?> task = convert(descriptor, args, components, prefix, errors);
		if (task != null) {
			for (ConstraintViolation<?> violation : this.validator.validate((Object) task)) {
				errors.add(new FieldError(prefix + violation.getPropertyPath(), violation.getMessage()));
			}
		}
		return (errors.size() > before) ? null : task;
	}

	private static void checkNames(JsonNode args, RecordComponent[] components, String prefix,
			List<FieldError> errors) {
		Set<String> known = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
		for (String name : args.propertyNames()) {
			if (!known.contains(name)) {
				errors.add(new FieldError(prefix + name, "is not an argument of this task (expected " + known + ")"));
			}
		}
		for (RecordComponent component : components) {
			JsonNode value = args.get(component.getName());
			if ((value == null || value.isNull()) && !TaskArguments.isOptional(component)) {
				errors.add(new FieldError(prefix + component.getName(), "is required"));
			}
		}
	}

	private @Nullable Task<?> convert(TaskDescriptor descriptor, JsonNode args, RecordComponent[] components,
			String prefix, List<FieldError> errors) {
		try {
			return this.strict.treeToValue(args, descriptor.type());
		}
		catch (JacksonException ex) {
			var fieldErrors = new ArrayList<FieldError>();
			for (RecordComponent component : components) {
				try {
					this.strict.treeToValue(args.get(component.getName()),
							this.strict.constructType(component.getGenericType()));
				}
				catch (JacksonException fieldFailure) {
					fieldErrors.add(new FieldError(prefix + component.getName(),
							"must be a " + typeName(component) + ": " + fieldFailure.getOriginalMessage()));
				}
			}
			if (fieldErrors.isEmpty()) {
				fieldErrors.add(new FieldError(prefix.isEmpty() ? "args" : prefix, ex.getOriginalMessage()));
			}
			errors.addAll(fieldErrors);
			return null;
		}
	}

	private static String typeName(RecordComponent component) {
		Class<?> type = component.getType();
		if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
			return "whole number in range for " + type.getSimpleName();
		}
		if (type == String.class) {
			return "string";
		}
		return component.getGenericType().getTypeName();
	}

}
