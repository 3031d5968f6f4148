package dev.kolejka.codec;

/**
 * Bytes that the codec refused. The {@link #reason()} is stable text for a dead-letter
 * record's header; nothing was instantiated from the refused bytes.
 */
public abstract sealed class CodecException extends RuntimeException {

	private CodecException(String message, Throwable cause) {
		super(message, cause);
	}

	public abstract String reason();

	/**
	 * The bytes name a class outside the task registry: refused before it is loaded or
	 * constructed.
	 */
	public static final class UnregisteredClass extends CodecException {

		UnregisteredClass(String message, Throwable cause) {
			super(message, cause);
		}

		@Override
		public String reason() {
			return "unregistered-class";
		}

	}

	/**
	 * Truncated, corrupted or foreign bytes, or a value of another type than expected.
	 */
	public static final class Malformed extends CodecException {

		Malformed(String message, Throwable cause) {
			super(message, cause);
		}

		Malformed(String message) {
			super(message, null);
		}

		@Override
		public String reason() {
			return "malformed";
		}

	}

	/** More bytes than the configured limit: refused before decoding. */
	public static final class TooLarge extends CodecException {

		TooLarge(String message) {
			super(message, null);
		}

		@Override
		public String reason() {
			return "too-large";
		}

	}

	/** Written by a codec version this reader does not know. */
	public static final class UnsupportedVersion extends CodecException {

		UnsupportedVersion(String message) {
			super(message, null);
		}

		@Override
		public String reason() {
			return "unsupported-version";
		}

	}

}
