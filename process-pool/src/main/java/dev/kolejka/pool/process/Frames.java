package dev.kolejka.pool.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The pipe protocol between a pool and a child. Every frame starts with a one-byte kind;
 * task and result objects inside are task-codec bytes, so the child instantiates nothing
 * outside the registry, and neither does the parent.
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

	private Frames() {
	}

	static void writeBytes(DataOutputStream out, byte @Nullable [] bytes) throws IOException {
		if (bytes == null) {
			out.writeInt(-1);
			return;
		}
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	static byte @Nullable [] readBytes(DataInputStream in, int maxBytes) throws IOException {
		int length = in.readInt();
		if (length == -1) {
			return null;
		}
		if (length < 0 || length > maxBytes) {
			throw new IOException("Frame field of " + length + " bytes is over the limit of " + maxBytes);
		}
		return in.readNBytes(length);
	}

	static void writeString(DataOutputStream out, @Nullable String text) throws IOException {
		writeBytes(out, (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null);
	}

	static @Nullable String readString(DataInputStream in) throws IOException {
		byte[] bytes = readBytes(in, MAX_STRING_BYTES);
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	static void writeCounters(DataOutputStream out, Map<String, Long> counters) throws IOException {
		out.writeInt(counters.size());
		for (Map.Entry<String, Long> counter : counters.entrySet()) {
			writeString(out, counter.getKey());
			out.writeLong(counter.getValue());
		}
	}

	static Map<String, Long> readCounters(DataInputStream in) throws IOException {
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

}
