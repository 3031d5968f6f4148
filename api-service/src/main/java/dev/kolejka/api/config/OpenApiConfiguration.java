package dev.kolejka.api.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.kolejka.api.problem.ProblemTypes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's OpenAPI description ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}): the bearer API key scheme and every problem type an error
 * answer may carry.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY = "apiKey";

	@Bean
	OpenAPI kolejkaOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Kolejka API")
				.version("v1")
				.description(description())
				.license(new License().name("Apache-2.0")))
			.components(new Components().addSecuritySchemes(API_KEY,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key: `Authorization: Bearer <key>` (scopes submit, read, admin). "
								+ "`./kolejka up` prints one and writes it to .kolejka/api-key.")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY));
	}

	private static String description() {
		return """
				Submit jobs (a task and its args) and batches, read their state and results (long polls, \
				batch result streams), cancel jobs, read shared counters and the live workers.

				Every error is `application/problem+json` (RFC 9457) with one of these stable `type`s:

				""" + problemTypes();
	}

	private static String problemTypes() {
		return Arrays.stream(ProblemTypes.class.getFields())
			.filter((field) -> Modifier.isStatic(field.getModifiers()) && field.getType() == URI.class)
			.map(OpenApiConfiguration::bullet)
			.collect(Collectors.joining("\n"));
	}

	private static String bullet(Field field) {
		try {
			return "- `" + field.get(null) + "`";
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("ProblemTypes." + field.getName() + " must be public", ex);
		}
	}

}
