package dev.kolejka.task;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The application types a task's result is made of, found from its {@code Task<R>}
 * declaration: a result that crosses a process boundary (the {@code process} pool's
 * pipes) is encoded by the same codec as the task, so its types join the allow-list. JDK
 * types are known to the codec already and are left out.
 */
final class ResultTypes {

	private ResultTypes() {
	}

	static Set<Class<?>> of(Class<? extends Task<?>> task) {
		var found = new LinkedHashSet<Class<?>>();
		for (Type type : task.getGenericInterfaces()) {
			if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Task.class) {
				collect(parameterized.getActualTypeArguments()[0], found);
			}
		}
		return found;
	}

	private static void collect(Type type, Set<Class<?>> found) {
		switch (type) {
			case Class<?> cls when cls.isArray() -> collect(cls.getComponentType(), found);
			case Class<?> cls -> {
				if (!cls.isPrimitive() && !isJdk(cls) && found.add(cls) && cls.isRecord()) {
					for (RecordComponent component : cls.getRecordComponents()) {
						collect(component.getGenericType(), found);
					}
				}
			}
			case ParameterizedType parameterized -> {
				collect(parameterized.getRawType(), found);
				for (Type argument : parameterized.getActualTypeArguments()) {
					collect(argument, found);
				}
			}
			case GenericArrayType array -> collect(array.getGenericComponentType(), found);
			case WildcardType wildcard -> {
				for (Type bound : wildcard.getUpperBounds()) {
					collect(bound, found);
				}
			}
			default -> {
				// a type variable: nothing concrete to register
			}
		}
	}

	private static boolean isJdk(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
	}

}
