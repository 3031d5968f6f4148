package dev.kolejka.codec;

import java.nio.ByteBuffer;
import java.util.List;

import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.BatchRef;
import dev.kolejka.job.CounterValue;
import dev.kolejka.job.ErrorType;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.Execution;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobState;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskRegistry;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.CompatibleMode;
import org.apache.fory.exception.InsecureException;
import org.apache.fory.logging.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The task codec on Apache Fory, in Java mode with class registration required,
 * compatible mode (so records written by an older or newer version of a type stay
 * readable across a rolling upgrade) and unknown classes refused.
 *
 * <p>
 * Every type is registered by name, never by an auto-assigned id: ids follow registration
 * order, and a writer and a reader that registered in different orders would silently
 * decode the wrong type.
 */
public final class ForyTaskCodec implements TaskCodec {

	/**
	 * Kolejka's own types: the namespace is part of the wire format, so renaming a class
	 * does not break it.
	 */
	private static final List<Class<?>> MODEL = List.of(JobId.class, JobState.class, Pool.class, ErrorType.class,
			JobError.class, JobOptions.class, Execution.class, BatchRef.class, JobSubmission.class, JobChunk.class,
			JobEvent.Submission.class, JobEvent.Queued.class, JobEvent.Running.class, JobEvent.Succeeded.class,
			JobEvent.Failed.class, JobEvent.Cancelled.class, BatchQueued.class, EventEnvelope.class, Job.class,
			CounterValue.class);

	/** How deep an object graph may nest before decoding refuses it. */
	public static final int MAX_DEPTH = 32;

	private final ThreadSafeFory fory;

	private final int maxBytes;

	public ForyTaskCodec(TaskRegistry registry, int maxBytes) {
		this.maxBytes = maxBytes;
		LoggerFactory.useSlf4jLogging(true);
		this.fory = Fory.builder()
			.withXlang(false)
			.requireClassRegistration(true)
			.withCompatibleMode(CompatibleMode.COMPATIBLE)
			.withDeserializeUnknownClass(false)
			.deserializeUnknownEnumValueAsNull(true)
			.withRefTracking(false)
			.withMaxGraphMemoryBytes(4L * maxBytes)
			// our deepest graph (an event envelope of a job whose result nests lists) is
			// about ten levels; a record nesting deeper is hostile, not data
			.withMaxDepth(MAX_DEPTH)
			.suppressClassRegistrationWarnings(true)
			.buildThreadSafeFory();
		for (Class<?> type : MODEL) {
			this.fory.register(type, "kolejka", type.getSimpleName().replace('$', '.'));
		}
		for (TaskDescriptor task : registry.descriptors()) {
			this.fory.register(task.type(), "kolejka.task", task.name());
		}
		for (Class<?> type : registry.componentTypes()) {
			// Fory wants a dot-free type name: the package is the namespace, nesting is
			// kept with '_'
			this.fory.register(type, type.getPackageName(),
					type.getName().substring(type.getPackageName().length() + 1).replace('$', '_'));
		}
	}

	@Override
	public byte[] encode(Object value) {
		byte[] encoded = CodecHeader.wrap(this.fory.serialize(value));
		if (encoded.length > this.maxBytes) {
			throw new CodecException.TooLarge("Encoded " + value.getClass().getSimpleName() + " is " + encoded.length
					+ " bytes, over the limit of " + this.maxBytes + "; send fewer or smaller jobs per record");
		}
		return encoded;
	}

	@Override
	public <T> T decode(byte[] bytes, Class<T> expected) {
		if (bytes.length > this.maxBytes) {
			throw new CodecException.TooLarge(
					"Record of " + bytes.length + " bytes is over the limit of " + this.maxBytes + " bytes");
		}
		ByteBuffer payload = CodecHeader.unwrap(bytes);
		Object value = deserialize(payload);
		if (!expected.isInstance(value)) {
			throw new CodecException.Malformed("Expected a " + expected.getSimpleName() + " but the record holds a "
					+ ((value != null) ? value.getClass().getName() : "null"));
		}
		return expected.cast(value);
	}

	private Object deserialize(ByteBuffer payload) {
		try {
			return this.fory.deserialize(payload);
		}
		catch (RuntimeException | StackOverflowError ex) {
			// Fory's own exceptions are not the only ones: garbage also raises IAE, NPE
			// and IOOBE.
			Throwable insecure = insecureCause(ex);
			if (insecure != null) {
				throw new CodecException.UnregisteredClass(insecure.getMessage(), ex);
			}
			throw new CodecException.Malformed("Undecodable record: " + ex, ex);
		}
	}

	private static @Nullable Throwable insecureCause(Throwable failure) {
		for (@Nullable
		Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InsecureException) {
				return cause;
			}
		}
		return null;
	}

}
