package dev.kolejka.api.security;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Bearer API keys for Spring Security: the converter takes the key from
 * {@code Authorization: Bearer …}, the manager looks it up among the {@link ApiKeys}. The
 * presented key is never logged nor kept: once checked, only the {@link Caller} remains.
 */
final class ApiKeyAuthentication {

	private static final String BEARER = "bearer ";

	private ApiKeyAuthentication() {
	}

	static AuthenticationConverter converter() {
		return (HttpServletRequest request) -> {
			String header = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (header == null) {
				return null;
			}
			if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
				throw new BadCredentialsException("The Authorization header must be 'Bearer <API key>'");
			}
			return new Presented(header.substring(BEARER.length()).strip());
		};
	}

	static AuthenticationManager manager(ApiKeys keys) {
		return (Authentication authentication) -> {
			if (!(authentication instanceof Presented presented) || presented.key == null) {
				throw new BadCredentialsException("No API key");
			}
			Optional<ApiKey> key = keys.find(presented.key);
			presented.eraseCredentials();
			return key.map(Caller::of)
				.map(Authenticated::new)
				.orElseThrow(() -> new BadCredentialsException("Unknown or revoked API key"));
		};
	}

	/** A key as presented, not yet checked. */
	private static final class Presented extends AbstractAuthenticationToken {

		private @Nullable String key;

		Presented(String key) {
			super(List.<GrantedAuthority>of());
			this.key = key;
		}

		@Override
		public @Nullable Object getCredentials() {
			return this.key;
		}

		@Override
		public Object getPrincipal() {
			return "api-key";
		}

		@Override
		public void eraseCredentials() {
			this.key = null;
		}

	}

	/** A checked key: the caller and its scopes as authorities. */
	private static final class Authenticated extends AbstractAuthenticationToken {

		private final Caller caller;

		Authenticated(Caller caller) {
			super(caller.scopes());
			this.caller = caller;
			setAuthenticated(true);
		}

		@Override
		public @Nullable Object getCredentials() {
			return null;
		}

		@Override
		public Object getPrincipal() {
			return this.caller;
		}

	}

}
