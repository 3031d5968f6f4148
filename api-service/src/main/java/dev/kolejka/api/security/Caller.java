package dev.kolejka.api.security;

import static java.util.Objects.requireNonNull;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the owner of the key presented and its scopes.
 *
 * @param owner who owns what this call creates
 * @param keyName the key's name (for logs and rate limits, never the key itself)
 * @param scopes what the key may do
 * @param rate the key's own submission rate, or {@code null} for the default
 */
public record Caller(String owner, String keyName, Set<Scope> scopes, @org.jspecify.annotations.Nullable Integer rate) {

	public Caller {
		requireNonNull(owner, "owner");
		requireNonNull(keyName, "keyName");
		scopes = Set.copyOf(scopes);
	}

	static Caller of(ApiKey key) {
		return new Caller(key.owner(), key.name(), key.scopes(), key.rate());
	}

	public boolean isAdmin() {
		return this.scopes.contains(Scope.ADMIN);
	}

	/** Whether this caller may see what {@code owner} created. */
	public boolean mayRead(@org.jspecify.annotations.Nullable String owner) {
		return isAdmin() || this.owner.equals(owner);
	}

	/**
	 * The caller of the request being handled; the security filter chain guarantees there
	 * is one under {@code /api/v1}.
	 */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
			return caller;
		}
		throw new IllegalStateException("No API key authenticated this request: is it outside /api/v1?");
	}

}
