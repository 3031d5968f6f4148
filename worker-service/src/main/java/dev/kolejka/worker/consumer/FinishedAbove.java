package dev.kolejka.worker.consumer;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.BitSet;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

/**
 * The records finished above a committed offset, carried in the commit's metadata: bit
 * {@code i} set means the record at {@code committed + 1 + i} is settled, so the
 * partition's next owner must not run it again.
 *
 * <p>
 * Why: a commit can only say "everything below this offset is done". Records run out of
 * order, so when a partition moves on (a handoff whose grace ran out, a crash) the
 * finished records above the lowest unfinished one would otherwise all run a second time.
 * Confluent's Parallel Consumer keeps the same map in the same place. The bits are
 * deflated (finished records come in long runs) and capped below the broker's
 * {@code offset.metadata.max.bytes} (4096 by default): past the cap the highest bits are
 * dropped, which only lets those records run again, as they would have without it.
 */
final class FinishedAbove {

	private static final String PREFIX = "kolejka.finished.v1:";

	/** Well below the broker's default 4096, so a commit is never refused for size. */
	static final int MAX_CHARS = 3000;

	private FinishedAbove() {
	}

	/** The metadata for these bits; empty when none is set. */
	static String encode(BitSet finished) {
		BitSet bits = finished;
		while (!bits.isEmpty()) {
			String encoded = PREFIX
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(deflate(bits.toByteArray()));
			if (encoded.length() <= MAX_CHARS) {
				return encoded;
			}
			bits = bits.get(0, bits.length() / 2);
		}
		return "";
	}

	/**
	 * The bits a commit's metadata carries; empty for metadata this class did not write.
	 */
	static BitSet decode(@Nullable String metadata) {
		if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() > MAX_CHARS) {
			return new BitSet();
		}
		try {
			return BitSet.valueOf(inflate(Base64.getUrlDecoder().decode(metadata.substring(PREFIX.length()))));
		}
		catch (IllegalArgumentException | DataFormatException ex) {
			// someone else's metadata, or damaged: running those records again is safe
			return new BitSet();
		}
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
