package dev.kolejka.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of collections whose element types are checked. Generics are erased: a decoded
 * record's {@code List<JobSubmission>} could hold any registered type, and the failure
 * would surface far from the codec (the codec fuzz found exactly that). Checking in the
 * records' constructors makes the codec refuse such a record as malformed.
 */
final class Checked {

	private Checked() {
	}

	static <T> List<T> list(List<? extends T> list, Class<T> type) {
		var copy = new ArrayList<T>(list.size());
		for (Object element : list) {
			copy.add(type.cast(java.util.Objects.requireNonNull(element, "element")));
		}
		return List.copyOf(copy);
	}

	static <K, V> Map<K, V> map(Map<? extends K, ? extends V> map, Class<K> keys, Class<V> values) {
		var copy = new LinkedHashMap<K, V>();
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			copy.put(keys.cast(entry.getKey()), values.cast(entry.getValue()));
		}
		return Map.copyOf(copy);
	}

}
