package dev.kolejka.api.status;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Pages through the jobs the view holds, newest first: job ids are UUIDv7, so the stores'
 * key order is submission order and a reverse range scan is the listing (a job submitted
 * with an {@code Idempotency-Key} has a hashed id and sorts by that instead). A job only
 * just queued is only in the submitted store, one that has moved only in the status
 * store, most in both: the two reverse scans are merged, the status store's copy winning.
 *
 * <p>
 * Why a scan bound: the view holds every owner's jobs, so finding one owner's few among
 * millions could read them all. A page reads at most {@code scanLimit} jobs and, if it is
 * not full by then, still returns a cursor to go on from.
 */
@Component
public class JobListing {

	private static final String FIRST = "j:";

	private static final String LAST = "j;";

	private final JobStatusStore store;

	JobListing(JobStatusStore store) {
		this.store = store;
	}

	/** Up to {@code limit} jobs older than {@code before} that pass {@code filter}. */
	public Page page(@Nullable JobId before, int limit, int scanLimit, Predicate<Job> filter) {
		String to = (before != null) ? JobStatusStore.jobKey(before) : LAST;
		return this.store.query((status, submitted) -> {
			try (KeyValueIterator<String, byte[]> a = status.reverseRange(FIRST, to);
					KeyValueIterator<String, byte[]> b = submitted.reverseRange(FIRST, to)) {
				return collect(new Merged(a, b, to), limit, scanLimit, filter);
			}
		});
	}

	private Page collect(Merged merged, int limit, int scanLimit, Predicate<Job> filter) {
		var jobs = new ArrayList<Job>(limit);
		String lastKey = null;
		int scanned = 0;
		while (jobs.size() < limit && scanned < scanLimit) {
			KeyValue<String, byte[]> next = merged.next();
			if (next == null) {
				return new Page(jobs, null);
			}
			scanned++;
			lastKey = next.key;
			Job job = this.store.decode(next.value);
			if (filter.test(job)) {
				jobs.add(job);
			}
		}
		return new Page(jobs, (lastKey != null && merged.hasMore()) ? lastKey.substring(FIRST.length()) : null);
	}

	/**
	 * A page of jobs and where the next page starts ({@code null} when there is none).
	 */
	public record Page(List<Job> jobs, @Nullable String nextCursor) {
	}

	/**
	 * Two descending key iterators as one, without duplicates, the first one's winning.
	 */
	private static final class Merged {

		private final KeyValueIterator<String, byte[]> first;

		private final KeyValueIterator<String, byte[]> second;

		private final String exclusiveEnd;

		private @Nullable KeyValue<String, byte[]> a;

		private @Nullable KeyValue<String, byte[]> b;

		Merged(KeyValueIterator<String, byte[]> first, KeyValueIterator<String, byte[]> second, String exclusiveEnd) {
			this.first = first;
			this.second = second;
			this.exclusiveEnd = exclusiveEnd;
			this.a = advance(first);
			this.b = advance(second);
		}

		@Nullable KeyValue<String, byte[]> next() {
			KeyValue<String, byte[]> x = this.a;
			KeyValue<String, byte[]> y = this.b;
			if (x == null && y == null) {
				return null;
			}
			int order = (x == null) ? -1 : (y == null) ? 1 : x.key.compareTo(y.key);
			if (order >= 0) {
				this.a = advance(this.first);
				if (order == 0) {
					this.b = advance(this.second);
				}
				return x;
			}
			this.b = advance(this.second);
			return y;
		}

		boolean hasMore() {
			return this.a != null || this.b != null;
		}

		private @Nullable KeyValue<String, byte[]> advance(KeyValueIterator<String, byte[]> iterator) {
			while (iterator.hasNext()) {
				KeyValue<String, byte[]> next = iterator.next();
				if (!next.key.equals(this.exclusiveEnd)) {
					return next;
				}
			}
			return null;
		}

	}

}
