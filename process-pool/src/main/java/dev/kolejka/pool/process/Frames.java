package dev.kolejka.pool.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import org.jspecify.annotations.Nullable;

/**
 * The pipe protocol between a pool and a child, both ends of it. Every frame starts with
 * a one-byte kind; task and result objects inside are task-codec bytes, so the child
 * instantiates nothing outside the registry, and neither does the parent.
 *
 * <pre>
 * parent → child  RUN     n × (seq, job id, attempt, task bytes)
 * child → parent  READY   pid                      (after the initializer ran)
 *                 OK      seq, run nanos, result bytes (or none for null), counter deltas
 *                 FAILED  seq, run nanos, error type, message, detail
 * </pre>
 *
 * A closed stdin tells a child to exit.
 */
final class Frames {

	static final byte RUN = 'R';

	static final byte READY = 'Y';

	static final byte OK = 'O';

	static final byte FAILED = 'F';

	/** Strings are bounded so that a corrupt length cannot ask for gigabytes. */
	private static final int MAX_STRING_BYTES = 1 << 20;

	/** A failure's message is cut here: it must never outgrow the frame's limit. */
	private static final int MAX_MESSAGE_CHARS = 8_192;

	private Frames() {
	}

	/** One task of a RUN frame. */
	record TaskFrame(long seq, UUID jobId, int attempt, byte[] task) {
	}

	/** A child's answer for the task {@code seq} of the RUN frame it is running. */
	sealed interface Answer {

		long seq();

		long runNanos();

		record Ok(long seq, long runNanos, byte @Nullable [] result, Map<String, Long> counters) implements Answer {
		}

		record Failed(long seq, long runNanos, JobError error) implements Answer {
		}

	}

	static void writeRun(DataOutputStream out, List<TaskFrame> tasks) throws IOException {
		out.writeByte(RUN);
		out.writeInt(tasks.size());
		for (TaskFrame task : tasks) {
			out.writeLong(task.seq());
			out.writeLong(task.jobId().getMostSignificantBits());
			out.writeLong(task.jobId().getLeastSignificantBits());
			out.writeInt(task.attempt());
			writeBytes(out, task.task());
		}
		out.flush();
	}

	/** Reads a RUN frame, kind byte included. */
	static List<TaskFrame> readRun(DataInputStream in, int maxBytes) throws IOException {
		byte kind = in.readByte();
		if (kind != RUN) {
			throw new IOException("Unexpected frame kind " + kind);
		}
		int count = in.readInt();
		if (count < 0) {
			throw new IOException("A RUN frame of " + count + " tasks");
		}
		var tasks = new ArrayList<TaskFrame>(Math.min(count, 1_024));
		for (int i = 0; i < count; i++) {
			long seq = in.readLong();
			var jobId = new UUID(in.readLong(), in.readLong());
			int attempt = in.readInt();
			byte[] task = readBytes(in, maxBytes);
			tasks.add(new TaskFrame(seq, jobId, attempt, (task != null) ? task : new byte[0]));
		}
		return tasks;
	}

	static void writeReady(DataOutputStream out, long pid) throws IOException {
		out.writeByte(READY);
		out.writeLong(pid);
		out.flush();
	}

	/** Reads a READY frame; the child's pid. */
	static long readReady(DataInputStream in) throws IOException {
		byte kind = in.readByte();
		if (kind != READY) {
			throw new IOException("the child answered " + kind + " instead of READY");
		}
		return in.readLong();
	}

	static void writeOk(DataOutputStream out, long seq, long runNanos, byte @Nullable [] result,
			Map<String, Long> counters) throws IOException {
		out.writeByte(OK);
		out.writeLong(seq);
		out.writeLong(runNanos);
		writeBytes(out, result);
		out.writeInt(counters.size());
		for (Map.Entry<String, Long> counter : counters.entrySet()) {
			writeString(out, counter.getKey());
			out.writeLong(counter.getValue());
		}
	}

	static void writeFailed(DataOutputStream out, long seq, long runNanos, JobError error) throws IOException {
		out.writeByte(FAILED);
		out.writeLong(seq);
		out.writeLong(runNanos);
		writeString(out, error.type().name());
		String message = error.message();
		writeString(out, (message.length() > MAX_MESSAGE_CHARS) ? message.substring(0, MAX_MESSAGE_CHARS) : message);
		String detail = error.detail();
		writeString(out, (detail != null && detail.length() > MAX_MESSAGE_CHARS)
				? detail.substring(0, MAX_MESSAGE_CHARS) : detail);
	}

	/** Reads an OK or FAILED frame, kind byte included. */
	static Answer readAnswer(DataInputStream in, int maxBytes) throws IOException {
		byte kind = in.readByte();
		long seq = in.readLong();
		long runNanos = in.readLong();
		return switch (kind) {
			case OK -> new Answer.Ok(seq, runNanos, readBytes(in, maxBytes), readCounters(in));
			case FAILED -> {
				ErrorType type = errorType(readString(in));
				String message = readString(in);
				String detail = readString(in);
				yield new Answer.Failed(seq, runNanos,
						new JobError(type, (message != null) ? message : "failed", detail));
			}
			default -> throw new IOException("unexpected frame kind " + kind);
		};
	}

	private static void writeBytes(DataOutputStream out, byte @Nullable [] bytes) throws IOException {
		if (bytes == null) {
			out.writeInt(-1);
			return;
		}
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static byte @Nullable [] readBytes(DataInputStream in, int maxBytes) throws IOException {
		int length = in.readInt();
		if (length == -1) {
			return null;
		}
		if (length < 0 || length > maxBytes) {
			throw new IOException("Frame field of " + length + " bytes is over the limit of " + maxBytes);
		}
		return in.readNBytes(length);
	}

	private static void writeString(DataOutputStream out, @Nullable String text) throws IOException {
		writeBytes(out, (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null);
	}

	private static @Nullable String readString(DataInputStream in) throws IOException {
		byte[] bytes = readBytes(in, MAX_STRING_BYTES);
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	private static Map<String, Long> readCounters(DataInputStream in) throws IOException {
		int count = in.readInt();
		if (count < 0 || count > 10_000) {
			throw new IOException("Frame holds " + count + " counters");
		}
		var counters = new LinkedHashMap<String, Long>();
		for (int i = 0; i < count; i++) {
			String name = readString(in);
			counters.put((name != null) ? name : "", in.readLong());
		}
		return counters;
	}

	private static ErrorType errorType(@Nullable String name) {
		try {
			return (name != null) ? ErrorType.valueOf(name) : ErrorType.EXCEPTION;
		}
		catch (IllegalArgumentException ex) {
			return ErrorType.EXCEPTION;
		}
	}

}
