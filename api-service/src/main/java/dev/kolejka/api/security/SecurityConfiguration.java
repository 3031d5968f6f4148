package dev.kolejka.api.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Every call under {@code /api/v1} needs an API key, by method: {@code GET}/{@code HEAD}
 * need {@code read}, everything else ({@code POST}, {@code DELETE}, …) needs
 * {@code submit}; {@code admin} may do both. An endpoint added under {@code /api/v1} (the
 * dashboard's data calls, load runs) inherits these rules with no change here. Everything
 * else ({@code /}, static assets, {@code /v3/api-docs}, {@code /swagger-ui},
 * {@code /error}, and the actuator on its own port) stays open. Stateless: no session, no
 * cookie, so no CSRF to defend.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys) throws Exception {
		var bearer = new AuthenticationFilter(ApiKeyAuthentication.manager(keys), ApiKeyAuthentication.converter());
		bearer.setSuccessHandler((request, response, authentication) -> {
		});
		bearer.setFailureHandler(
				(request, response, failure) -> ProblemResponses.unauthorized().commence(request, response, failure));
		bearer.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
		String read = Scope.READ.getAuthority();
		String submit = Scope.SUBMIT.getAuthority();
		String admin = Scope.ADMIN.getAuthority();
		return stateless(http).securityMatcher("/api/v1/**")
			.addFilterAt(bearer, BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/api/v1/**")
				.hasAnyAuthority(read, admin)
				.requestMatchers(HttpMethod.HEAD, "/api/v1/**")
				.hasAnyAuthority(read, admin)
				.anyRequest()
				.hasAnyAuthority(submit, admin))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(ProblemResponses.unauthorized())
				.accessDeniedHandler(ProblemResponses.forbidden()))
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain openSecurity(HttpSecurity http) throws Exception {
		return stateless(http).authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

	private static HttpSecurity stateless(HttpSecurity http) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
	}

}
