package dev.kolejka.api.security;

import java.util.Locale;

import org.springframework.security.core.GrantedAuthority;

/**
 * What an API key may do. {@code read} answers GETs under {@code /api/v1}, {@code submit}
 * answers POSTs and DELETEs there, {@code admin} does both, sees every owner's jobs and
 * counters, may submit {@code chaos} and sees error stack traces.
 */
public enum Scope implements GrantedAuthority {

	SUBMIT, READ, ADMIN;

	/** The scope's name as keys files and {@code ./kolejka key new --scopes} spell it. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String getAuthority() {
		return "SCOPE_" + id();
	}

	static Scope parse(String text) {
		for (Scope scope : values()) {
			if (scope.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
				return scope;
			}
		}
		throw new IllegalArgumentException("Unknown scope '" + text + "': use submit, read or admin");
	}

}
