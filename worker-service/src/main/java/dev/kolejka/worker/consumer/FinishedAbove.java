package dev.kolejka.worker.consumer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.BitSet;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

/**
 * What is settled above a committed offset, carried in the commit's metadata: whole
 * records (bit {@code i} set means the record at {@code committed + 1 + i} is settled),
 * and single jobs of batch chunks still partly unsettled (bit {@code j} of the entry at
 * {@code k} means job {@code j} of the record at {@code committed + k} is settled), so
 * the partition's next owner runs neither again.
 *
 * <p>
 * Why: a commit can only say "everything below this offset is done". Records run out of
 * order, so when a partition moves on (a handoff whose grace ran out, a crash) the
 * finished records above the lowest unfinished one would otherwise all run a second time,
 * and so would the finished jobs of a chunk whose other jobs were still running.
 * Confluent's Parallel Consumer keeps the same map in the same place. The bits are
 * deflated (finished records come in long runs) and capped below the broker's
 * {@code offset.metadata.max.bytes} (4096 by default): past the cap the chunks' jobs go
 * first, then the highest record bits, which only lets those run again, as they would
 * have without the map.
 *
 * <p>
 * Format: {@code kolejka.finished.v1:<records>} and, when a chunk is partly settled,
 * {@code ~<jobs>}; both URL-safe Base64 of deflated bytes ({@code ~} is outside that
 * alphabet). A reader that does not know the jobs section fails to decode the records
 * section and names nothing, which is safe.
 */
final class FinishedAbove {

	private static final String PREFIX = "kolejka.finished.v1:";

	private static final char JOBS = '~';

	/** Well below the broker's default 4096, so a commit is never refused for size. */
	static final int MAX_CHARS = 3000;

	/**
	 * A bit per job: the API's chunks hold at most 10,000 jobs ({@code max-chunk-size}).
	 */
	private static final int MAX_JOBS_BYTES = 1 << 13;

	private FinishedAbove() {
	}

	/** A commit's settled marks, relative to its offset. */
	record Settled(BitSet records, SortedMap<Integer, BitSet> jobs) {

		static final Settled NONE = new Settled(new BitSet(), Collections.emptySortedMap());

		boolean isEmpty() {
			return this.records.isEmpty() && this.jobs.isEmpty();
		}

	}

	/** The metadata for these records; empty when none is set. */
	static String encode(BitSet finished) {
		return encode(finished, Collections.emptySortedMap());
	}

	/**
	 * The metadata for these records and chunk jobs (keyed by offset minus the committed
	 * offset); empty when nothing is set.
	 */
	static String encode(BitSet finished, SortedMap<Integer, BitSet> jobs) {
		var kept = new TreeMap<>(jobs);
		kept.values().removeIf(BitSet::isEmpty);
		while (!kept.isEmpty()) {
			String encoded = encodeRecords(finished) + JOBS + base64(deflate(jobBytes(kept)));
			if (encoded.length() <= MAX_CHARS) {
				return encoded;
			}
			kept.pollLastEntry();
		}
		BitSet bits = finished;
		while (!bits.isEmpty()) {
			String encoded = encodeRecords(bits);
			if (encoded.length() <= MAX_CHARS) {
				return encoded;
			}
			bits = bits.get(0, bits.length() / 2);
		}
		return "";
	}

	private static String encodeRecords(BitSet bits) {
		return PREFIX + base64(deflate(bits.toByteArray()));
	}

	/**
	 * The records a commit's metadata names; empty for metadata this class did not write.
	 */
	static BitSet decode(@Nullable String metadata) {
		return decodeSettled(metadata).records();
	}

	/**
	 * Everything a commit's metadata names; nothing for metadata this class did not
	 * write.
	 */
	static Settled decodeSettled(@Nullable String metadata) {
		if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() > MAX_CHARS) {
			return Settled.NONE;
		}
		int jobsAt = metadata.indexOf(JOBS);
		String records = metadata.substring(PREFIX.length(), (jobsAt < 0) ? metadata.length() : jobsAt);
		try {
			BitSet bits = BitSet.valueOf(inflate(Base64.getUrlDecoder().decode(records)));
			if (jobsAt < 0) {
				return new Settled(bits, Collections.emptySortedMap());
			}
			return new Settled(bits, jobs(inflate(Base64.getUrlDecoder().decode(metadata.substring(jobsAt + 1)))));
		}
		catch (IllegalArgumentException | DataFormatException | IOException ex) {
			// someone else's metadata, or damaged: running those records again is safe
			return Settled.NONE;
		}
	}

	private static byte[] jobBytes(SortedMap<Integer, BitSet> jobs) {
		var bytes = new ByteArrayOutputStream(64);
		try (var out = new DataOutputStream(bytes)) {
			out.writeInt(jobs.size());
			for (var entry : jobs.entrySet()) {
				byte[] bits = entry.getValue().toByteArray();
				out.writeInt(entry.getKey());
				out.writeInt(bits.length);
				out.write(bits);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static SortedMap<Integer, BitSet> jobs(byte[] bytes) throws IOException {
		var in = new DataInputStream(new ByteArrayInputStream(bytes));
		int count = in.readInt();
		var jobs = new TreeMap<Integer, BitSet>();
		for (int i = 0; i < count; i++) {
			int key = in.readInt();
			int length = in.readInt();
			if (key < 0 || length < 0 || length > MAX_JOBS_BYTES) {
				throw new IOException("Not a chunk's jobs: " + key + ", " + length + " bytes");
			}
			jobs.put(key, BitSet.valueOf(in.readNBytes(length)));
		}
		return jobs;
	}

	private static String base64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] deflate(byte[] bytes) {
		var deflater = new Deflater(Deflater.BEST_SPEED);
		try {
			deflater.setInput(bytes);
			deflater.finish();
			var out = new ByteArrayOutputStream(64);
			byte[] buffer = new byte[512];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] inflate(byte[] bytes) throws DataFormatException {
		var inflater = new Inflater();
		try {
			inflater.setInput(bytes);
			var out = new ByteArrayOutputStream(64);
			byte[] buffer = new byte[512];
			// a bit per record: no partition has a gap of more than a few million
			while (!inflater.finished() && out.size() < (1 << 20)) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					break;
				}
				out.write(buffer, 0, n);
			}
			return out.toByteArray();
		}
		finally {
			inflater.end();
		}
	}

}
