package dev.kolejka.metrics;

/**
 * Every metric Kolejka publishes, in Micrometer's dotted form; the Prometheus registry
 * adds the unit and {@code _total} suffixes (e.g. {@code kolejka.jobs.submitted} is
 * scraped as {@code kolejka_jobs_submitted_total}).
 */
public final class MetricNames {

	public static final String JOBS_SUBMITTED = "kolejka.jobs.submitted";

	public static final String JOBS_COMPLETED = "kolejka.jobs.completed";

	public static final String JOB_QUEUE_WAIT = "kolejka.job.queue.wait";

	public static final String JOB_RUN = "kolejka.job.run";

	public static final String POOL_THREADS = "kolejka.pool.threads";

	public static final String POOL_ACTIVE = "kolejka.pool.active";

	public static final String POOL_QUEUED = "kolejka.pool.queued";

	public static final String THROUGHPUT_PER_CORE = "kolejka.throughput.per.core";

	public static final String CPU_UTILIZATION = "kolejka.cpu.utilization";

	public static final String COUNTER = "kolejka.counter";

	/** Records the status view could not fold and skipped, by topic (API). */
	public static final String STATUS_SKIPPED = "kolejka.status.skipped";

	/** Tag keys. */
	public static final class Tags {

		public static final String TASK = "task";

		public static final String POOL = "pool";

		public static final String OUTCOME = "outcome";

		public static final String NAME = "name";

		public static final String TOPIC = "topic";

		/** Whose a counter is (the API key's owner). */
		public static final String OWNER = "owner";

		private Tags() {
		}

	}

	private MetricNames() {
	}

}
