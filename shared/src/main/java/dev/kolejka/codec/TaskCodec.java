package dev.kolejka.codec;

/**
 * Turns jobs, events and the task objects inside them into bytes and back. A codec never
 * instantiates a class that is not registered with it.
 */
public interface TaskCodec {

	byte[] encode(Object value);

	/**
	 * Decodes bytes written by {@link #encode}.
	 * @throws CodecException if the bytes are refused; nothing outside the registry was
	 * instantiated
	 */
	<T> T decode(byte[] bytes, Class<T> expected);

}
