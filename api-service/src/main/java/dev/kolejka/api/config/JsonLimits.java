package dev.kolejka.api.config;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;

/**
 * Bounds on what the JSON parser accepts, before any binding: a request nesting deeper
 * than any task's arguments could (64 levels), a string longer than the body limit allows
 * anyway (1,000,000 chars), or a number of more than 100 digits is refused as malformed
 * (400) while it is being read.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

	static final int MAX_NESTING_DEPTH = 64;

	static final int MAX_STRING_LENGTH = 1_000_000;

	static final int MAX_NUMBER_LENGTH = 100;

	@Bean
	JsonFactoryBuilderCustomizer jsonReadConstraints() {
		return (builder) -> builder.streamReadConstraints(StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxStringLength(MAX_STRING_LENGTH)
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.build());
	}

}
