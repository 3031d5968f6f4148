package dev.kolejka.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Jackson binding that refuses what a Kubernetes API server with a structural CRD schema
 * would: unknown fields and missing required ones. The fabric8 and Strimzi models keep
 * unknown fields in an {@code additionalProperties} any-setter (so a typo would pass);
 * this mapper removes that setter, and a walk over the bound objects checks every
 * property marked {@code @JsonProperty(required = true)}.
 */
final class StrictBinding {

	static final ObjectMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.addModule(new SimpleModule("no-any-setter").setDeserializerModifier(new BeanDeserializerModifier() {
			@Override
			public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
					BeanDeserializerBuilder builder) {
				builder.setAnySetter(null);
				return builder;
			}
		}))
		.build();

	private StrictBinding() {
	}

	/**
	 * Binds {@code document} to {@code type}; the problems found, none when it is valid.
	 */
	static List<String> problems(Map<String, Object> document, Class<?> type) {
		JsonNode json = MAPPER.valueToTree(document);
		Object bound;
		try {
			bound = MAPPER.treeToValue(json, type);
		}
		catch (Exception ex) {
			return List.of(ex.getMessage().lines().findFirst().orElse(ex.toString()));
		}
		var problems = new ArrayList<String>();
		missingRequired(bound, json, "", problems);
		return problems;
	}

	private static void missingRequired(Object value, JsonNode json, String path, List<String> problems) {
		if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				missingRequired(item, json.path(i), path + "[" + i++ + "]", problems);
			}
			return;
		}
		if (value instanceof Map<?, ?> || !value.getClass().getName().startsWith("io.")) {
			return;
		}
		var description = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(value.getClass()));
		for (BeanPropertyDefinition property : description.findProperties()) {
			String field = path + "." + property.getName();
			if (json.get(property.getName()) == null) {
				if (property.getMetadata().isRequired()) {
					problems.add(field.substring(1) + " is required");
				}
			}
			else if (property.getGetter() != null) {
				Object child = property.getGetter().getValue(value);
				if (child != null) {
					missingRequired(child, json.get(property.getName()), field, problems);
				}
			}
		}
	}

}
