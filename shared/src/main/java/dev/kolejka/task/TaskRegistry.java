package dev.kolejka.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every task this process knows, by public name. It doubles as the codec's allow-list: a
 * class that is not here (or one of its providers' component types) is never instantiated
 * from bytes.
 */
public final class TaskRegistry {

	private final Map<String, TaskDescriptor> byName;

	private final Map<Class<?>, TaskDescriptor> byType;

	private final Set<Class<?>> componentTypes;

	private TaskRegistry(Collection<TaskProvider> providers) {
		var names = new LinkedHashMap<String, TaskDescriptor>();
		var types = new LinkedHashMap<Class<?>, TaskDescriptor>();
		var components = new LinkedHashSet<Class<?>>();
		for (TaskProvider provider : providers) {
			for (Class<? extends Task<?>> type : provider.tasks()) {
				TaskDescriptor descriptor = TaskDescriptor.of(type);
				TaskDescriptor previous = names.putIfAbsent(descriptor.name(), descriptor);
				if (previous != null && previous.type() != type) {
					throw new IllegalStateException("Two tasks are named '" + descriptor.name() + "': "
							+ previous.type().getName() + " and " + type.getName() + "; rename one of them");
				}
				types.put(type, descriptor);
				components.addAll(ResultTypes.of(type));
			}
			components.addAll(provider.componentTypes());
		}
		this.byName = Collections.unmodifiableMap(names);
		this.byType = Collections.unmodifiableMap(types);
		components.forEach(TaskRegistry::requireValueType);
		this.componentTypes = Collections.unmodifiableSet(components);
	}

	/**
	 * The codec's allow-list admits only plain data: records and enums, whose state is
	 * their components and whose construction runs no code but theirs. Any other class
	 * (one with a custom {@code readObject}, a proxy, a collection of our own) is where
	 * gadget chains live.
	 */
	private static void requireValueType(Class<?> type) {
		if (!type.isRecord() && !type.isEnum() && !type.isInterface()) {
			throw new IllegalStateException(type.getName() + " cannot travel in a task or result: only records, "
					+ "enums and JDK value types are allowed on the codec's allow-list; make it a record");
		}
	}

	/**
	 * The tasks of every {@link TaskProvider} on the class path that is enabled by the
	 * settings.
	 */
	public static TaskRegistry load(TaskSettings settings) {
		var providers = new ArrayList<TaskProvider>();
		for (TaskProvider provider : ServiceLoader.load(TaskProvider.class, TaskRegistry.class.getClassLoader())) {
			if (provider.enabled(settings)) {
				providers.add(provider);
			}
		}
		return new TaskRegistry(providers);
	}

	public static TaskRegistry of(List<TaskProvider> providers) {
		return new TaskRegistry(providers);
	}

	public Optional<TaskDescriptor> find(String name) {
		return Optional.ofNullable(this.byName.get(name));
	}

	public Optional<TaskDescriptor> describe(Class<?> type) {
		return Optional.ofNullable(this.byType.get(type));
	}

	/** In registration order, which is stable for a given class path. */
	public Collection<TaskDescriptor> descriptors() {
		return this.byName.values();
	}

	/**
	 * The application types inside tasks and their results that the codec must know: what
	 * the providers declare, plus the types of each task's {@code Task<R>} result.
	 */
	public Set<Class<?>> componentTypes() {
		return this.componentTypes;
	}

}
