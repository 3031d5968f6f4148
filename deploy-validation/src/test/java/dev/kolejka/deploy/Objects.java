package dev.kolejka.deploy;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Reading rendered YAML objects (nested maps and lists) without a cast at every step. */
final class Objects {

	private Objects() {
	}

	static @Nullable Object at(@Nullable Object node, String... path) {
		Object current = node;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(@Nullable Object node, String... path) {
		return (at(node, path) instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(@Nullable Object node, String... path) {
		return (at(node, path) instanceof List<?> list) ? (List<Object>) list : List.of();
	}

	static String text(@Nullable Object node, String... path) {
		Object value = at(node, path);
		return (value != null) ? value.toString() : "";
	}

	static String kind(Map<String, Object> object) {
		return text(object, "kind");
	}

	static String name(Map<String, Object> object) {
		return text(object, "metadata", "name");
	}

	/** Whether every label {@code selector} asks for is on {@code labels}. */
	static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
		return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
	}

}
