package dev.kolejka.worker.consumer;

import java.util.BitSet;
import java.util.SortedMap;

/**
 * What the predecessor's last commit said was finished above its offset: records, and
 * jobs of chunks by the chunk's offset.
 */
record InheritedCommit(long committed, BitSet bits, SortedMap<Long, BitSet> jobs) {

	boolean contains(long offset) {
		long index = offset - this.committed - 1;
		return index >= 0 && index < this.bits.length() && this.bits.get((int) index);
	}

	long last() {
		long lastRecord = this.committed + this.bits.length();
		return this.jobs.isEmpty() ? lastRecord : Math.max(lastRecord, this.jobs.lastKey());
	}

	/**
	 * Sets, in {@code above} (relative to {@code next + 1}), the offsets past
	 * {@code from}.
	 */
	void addAbove(long from, long next, BitSet above) {
		int start = (int) Math.max(0, from - this.committed);
		for (int i = this.bits.nextSetBit(start); i >= 0; i = this.bits.nextSetBit(i + 1)) {
			long offset = this.committed + 1 + i;
			if (offset > next) {
				above.set(Math.toIntExact(offset - next - 1));
			}
		}
	}

}
