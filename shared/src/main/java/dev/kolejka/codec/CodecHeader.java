package dev.kolejka.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 8 bytes in front of every encoded value: magic {@code 'K' 'J'}, the codec version,
 * a reserved byte, and the CRC32C of the payload. The checksum is what tells a random or
 * tampered payload from a valid one: Fory happily decodes some garbage into a JDK value
 * or a different, valid-looking record.
 */
public final class CodecHeader {

	public static final int LENGTH = 8;

	public static final byte VERSION = 1;

	private static final byte MAGIC_0 = 'K';

	private static final byte MAGIC_1 = 'J';

	private CodecHeader() {
	}

	static byte[] wrap(byte[] payload) {
		var out = ByteBuffer.allocate(LENGTH + payload.length);
		out.put(MAGIC_0).put(MAGIC_1).put(VERSION).put((byte) 0).putInt(crc(payload, 0, payload.length)).put(payload);
		return out.array();
	}

	/** Checks the header and returns the payload as a view of the input. */
	static ByteBuffer unwrap(byte[] bytes) {
		if (bytes.length <= LENGTH) {
			throw new CodecException.Malformed(
					"Truncated record: " + bytes.length + " bytes, less than a header and a payload");
		}
		if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
			throw new CodecException.Malformed("Not a Kolejka record: the magic bytes 'KJ' are missing");
		}
		if (bytes[2] != VERSION) {
			throw new CodecException.UnsupportedVersion("Codec version " + bytes[2]
					+ " is not supported (this reader knows " + VERSION + "); upgrade this service to read it");
		}
		int expected = ByteBuffer.wrap(bytes, 4, 4).getInt();
		int actual = crc(bytes, LENGTH, bytes.length - LENGTH);
		if (expected != actual) {
			throw new CodecException.Malformed("Checksum mismatch: the record is truncated or corrupted");
		}
		return ByteBuffer.wrap(bytes, LENGTH, bytes.length - LENGTH).slice();
	}

	private static int crc(byte[] bytes, int offset, int length) {
		var crc = new CRC32C();
		crc.update(bytes, offset, length);
		return (int) crc.getValue();
	}

}
