package dev.kolejka.topic;

import static java.util.Objects.requireNonNull;

/**
 * Kolejka's topic names, all derived from one prefix ({@code kolejka.} by default) so
 * that several installations or test classes can share a broker.
 */
public record Topics(String prefix) {

	public static final String DEFAULT_PREFIX = "kolejka.";

	/** The consumer group of every worker: adding a worker adds capacity. */
	public static final String WORKER_GROUP = "kolejka-workers";

	/**
	 * The largest record Kolejka writes: under the broker's default
	 * {@code message.max.bytes} (1 MiB + overhead), so a stock broker accepts every
	 * record and larger chunks are split before they are sent.
	 */
	public static final int MAX_RECORD_BYTES = 1_000_000;

	public Topics {
		requireNonNull(prefix, "prefix");
	}

	/** Jobs to run; key = the job's ordering key, or its id. */
	public String jobs() {
		return this.prefix + "jobs";
	}

	/** Every state change; one record may carry the events of many jobs. */
	public String jobEvents() {
		return this.prefix + "job-events";
	}

	/**
	 * Jobs put back for another attempt, each with its attempt number and a
	 * {@link JobHeaders#NOT_BEFORE} header: a retry is durable, so a worker crash during
	 * the backoff neither loses it nor resets its attempt count.
	 */
	public String retries() {
		return this.prefix + "jobs.retry";
	}

	/**
	 * Requests every worker must see (no consumer group: each worker reads all of it),
	 * such as cancellations; key = job id, value = the request's name.
	 */
	public String control() {
		return this.prefix + "control";
	}

	/**
	 * Records that could not be decoded or whose jobs failed for good, with the reason in
	 * headers.
	 */
	public String deadLetter() {
		return this.prefix + "jobs.dlt";
	}

	/** Worker heartbeats, compacted by worker id. */
	public String workers() {
		return this.prefix + "workers";
	}

}
