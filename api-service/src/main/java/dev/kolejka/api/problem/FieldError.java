package dev.kolejka.api.problem;

/** One invalid field of a request, as listed in a 422 problem's {@code errors}. */
public record FieldError(String field, String message) {
}
