package dev.kolejka.api.task;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskArguments;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The JSON Schema of a task's arguments, read off its record components and their
 * constraints.
 */
final class ArgsSchema {

	private ArgsSchema() {
	}

	static Map<String, Object> of(Class<? extends Task<?>> type) {
		var properties = new LinkedHashMap<String, Object>();
		var required = new ArrayList<String>();
		for (RecordComponent component : type.getRecordComponents()) {
			properties.put(component.getName(), property(component));
			if (!TaskArguments.isOptional(component)) {
				required.add(component.getName());
			}
		}
		var schema = new LinkedHashMap<String, Object>();
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required", List.copyOf(required));
		schema.put("additionalProperties", false);
		return schema;
	}

	/**
	 * Constraints are read off the accessor: Jakarta's annotations do not target record
	 * components themselves.
	 */
	private static Map<String, Object> property(RecordComponent record) {
		var property = new LinkedHashMap<String, Object>();
		Class<?> type = record.getType();
		var accessor = record.getAccessor();
		property.put("type", jsonType(type));
		if (accessor.getAnnotation(Min.class) instanceof Min min) {
			property.put("minimum", min.value());
		}
		if (accessor.getAnnotation(Positive.class) != null) {
			property.put("minimum", 1);
		}
		if (accessor.getAnnotation(Max.class) instanceof Max max) {
			property.put("maximum", max.value());
		}
		if (accessor.getAnnotation(Size.class) instanceof Size size) {
			property.put("maxLength", size.max());
		}
		if (accessor.getAnnotation(NotBlank.class) != null) {
			property.put("minLength", 1);
		}
		if (accessor.getAnnotation(Pattern.class) instanceof Pattern pattern) {
			property.put("pattern", pattern.regexp());
		}
		return property;
	}

	private static String jsonType(Class<?> type) {
		if (type == int.class || type == long.class || type == short.class || type == Integer.class
				|| type == Long.class) {
			return "integer";
		}
		if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
			return "number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "boolean";
		}
		if (type == String.class || type.isEnum()) {
			return "string";
		}
		if (List.class.isAssignableFrom(type) || type.isArray()) {
			return "array";
		}
		return "object";
	}

}
