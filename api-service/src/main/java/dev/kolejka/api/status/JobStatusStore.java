package dev.kolejka.api.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.kolejka.api.problem.ServiceUnavailableException;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.CounterValue;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Reads the job status view: a RocksDB-backed global store that every API replica keeps
 * whole, so any replica answers for any job, and that lives on disk, so ten million
 * retained jobs do not grow the heap.
 *
 * <p>
 * Read-your-writes: a job this replica has just accepted is answered from memory until
 * the view has applied its {@code Queued} event (milliseconds later), so a client that
 * reads right after its {@code 202} never sees a 404.
 */
@Component
public class JobStatusStore implements JobStatusListener, JobLookup {

	/**
	 * Past this many accepted-but-unseen entries the view is far behind; stop remembering
	 * rather than grow.
	 */
	private static final int MAX_REMEMBERED = 100_000;

	private final ConcurrentHashMap<JobId, Job> accepted = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<UUID, BatchQueued> acceptedBatches = new ConcurrentHashMap<>();

	static final String STATUS_STORE = "kolejka-job-status";

	static final String SUBMITTED_STORE = "kolejka-jobs-submitted";

	private static final String COUNTER_PREFIX = "c:";

	/** Ends the owner in a counter's key; owner names never contain it. */
	private static final char OWNER_END = '/';

	public static final String UNOWNED = "-";

	/**
	 * The first key after every counter key: ';' follows ':' in the store's byte order.
	 */
	private static final String COUNTER_END = "c;";

	private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private final StreamsBuilderFactoryBean streams;

	private final TaskCodec codec;

	private volatile @Nullable Views views;

	JobStatusStore(StreamsBuilderFactoryBean streams, TaskCodec codec) {
		this.streams = streams;
		this.codec = codec;
	}

	/**
	 * The job as its events left it, else as it was submitted, else as this replica just
	 * accepted it.
	 */
	@Override
	public Optional<Job> job(JobId id) {
		// memory first: the view writes a job, then forgets it here, so a job missing
		// from
		// both stores read after it was forgotten cannot be (a 404 right after a 202)
		Job remembered = this.accepted.get(id);
		String key = jobKey(id);
		byte[] bytes = read(key, Views::status);
		if (bytes == null) {
			bytes = read(key, Views::submitted);
		}
		return (bytes != null) ? Optional.of(this.codec.decode(bytes, Job.class)) : Optional.ofNullable(remembered);
	}

	public Optional<BatchQueued> batch(UUID batchId) {
		BatchQueued remembered = this.acceptedBatches.get(batchId);
		byte[] bytes = read(batchKey(batchId), Views::status);
		return (bytes != null) ? Optional.of(this.codec.decode(bytes, BatchQueued.class))
				: Optional.ofNullable(remembered);
	}

	public Optional<CounterValue> counter(String owner, String name) {
		return Optional.ofNullable(read(counterKey(owner, name), Views::status))
			.map((bytes) -> this.codec.decode(bytes, CounterValue.class));
	}

	/** Every counter of every owner. */
	public List<OwnedCounter> counters() {
		return counters(COUNTER_PREFIX, COUNTER_END);
	}

	/** Every counter of {@code owner}, by name. */
	public List<OwnedCounter> counters(String owner) {
		// '0' follows '/' in the store's byte order
		return counters(COUNTER_PREFIX + owner + OWNER_END, COUNTER_PREFIX + owner + '0');
	}

	private List<OwnedCounter> counters(String from, String to) {
		var counters = new ArrayList<OwnedCounter>();
		try (KeyValueIterator<String, byte[]> all = views().status().range(from, to)) {
			all.forEachRemaining((entry) -> {
				String owner = entry.key.substring(COUNTER_PREFIX.length(), entry.key.indexOf(OWNER_END));
				counters.add(new OwnedCounter(owner, this.codec.decode(entry.value, CounterValue.class)));
			});
		}
		catch (InvalidStateStoreException ex) {
			this.views = null;
			throw ServiceUnavailableException.statusNotReady(RETRY_AFTER, ex);
		}
		return counters;
	}

	/**
	 * A job this replica is about to send, to answer for until the view shows it. It is
	 * remembered before the send, not after the acknowledgement: the view may fold the
	 * record before the acknowledged request thread runs again, and an entry put after
	 * its fold would stay for good (under load, most of them did).
	 */
	public void accepting(Job job) {
		if (this.accepted.size() < MAX_REMEMBERED) {
			this.accepted.put(job.id(), job);
		}
	}

	/**
	 * A batch this replica is about to send, with its jobs; see {@link #accepting(Job)}.
	 */
	public void accepting(BatchQueued batch, List<Job> jobs) {
		if (this.acceptedBatches.size() < MAX_REMEMBERED && this.accepted.size() + jobs.size() < MAX_REMEMBERED) {
			jobs.forEach((job) -> this.accepted.put(job.id(), job));
			this.acceptedBatches.put(batch.batchId(), batch);
		}
	}

	/** Forgets jobs (and their batch) whose send failed: they were never accepted. */
	public void notAccepted(List<JobId> ids, @Nullable UUID batchId) {
		ids.forEach(this.accepted::remove);
		if (batchId != null) {
			this.acceptedBatches.remove(batchId);
		}
	}

	/**
	 * How many accepted jobs and batches are answered from memory because the view has
	 * not shown them yet: none once the view has caught up.
	 */
	public int remembered() {
		return this.accepted.size() + this.acceptedBatches.size();
	}

	@Override
	public void updated(Job job) {
		if (!this.accepted.isEmpty()) {
			this.accepted.remove(job.id());
		}
	}

	@Override
	public void batchStored(BatchQueued batch) {
		this.acceptedBatches.remove(batch.batchId());
	}

	/**
	 * Runs {@code query} on the two stores (status, submitted); 503 while the view is not
	 * ready.
	 */
	<T> T query(
			java.util.function.BiFunction<ReadOnlyKeyValueStore<String, byte[]>, ReadOnlyKeyValueStore<String, byte[]>, T> query) {
		try {
			Views current = views();
			return query.apply(current.status(), current.submitted());
		}
		catch (InvalidStateStoreException ex) {
			this.views = null;
			throw ServiceUnavailableException.statusNotReady(RETRY_AFTER, ex);
		}
	}

	Job decode(byte[] bytes) {
		return this.codec.decode(bytes, Job.class);
	}

	private byte @Nullable [] read(String key, Function<Views, ReadOnlyKeyValueStore<String, byte[]>> which) {
		try {
			return which.apply(views()).get(key);
		}
		catch (InvalidStateStoreException ex) {
			this.views = null;
			throw ServiceUnavailableException.statusNotReady(RETRY_AFTER, ex);
		}
	}

	private Views views() {
		Views current = this.views;
		if (current == null) {
			KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
			if (kafkaStreams == null || kafkaStreams.state() != KafkaStreams.State.RUNNING) {
				throw new InvalidStateStoreException("Kafka Streams is not running yet");
			}
			current = new Views(
					kafkaStreams
						.store(StoreQueryParameters.fromNameAndType(STATUS_STORE, QueryableStoreTypes.keyValueStore())),
					kafkaStreams.store(StoreQueryParameters.fromNameAndType(SUBMITTED_STORE,
							QueryableStoreTypes.keyValueStore())));
			this.views = current;
		}
		return current;
	}

	private record Views(ReadOnlyKeyValueStore<String, byte[]> status,
			ReadOnlyKeyValueStore<String, byte[]> submitted) {
	}

	static String jobKey(JobId id) {
		return "j:" + id;
	}

	static String counterKey(String owner, String name) {
		return COUNTER_PREFIX + owner + OWNER_END + name;
	}

	/**
	 * Whose a job's counters are: its owner, or {@value #UNOWNED} for a job from before
	 * API keys (only {@code admin} sees those).
	 */
	public static String ownerOf(@Nullable JobOptions options) {
		return (options != null && options.owner() != null) ? options.owner() : UNOWNED;
	}

	/** A counter and its owner. */
	public record OwnedCounter(String owner, CounterValue counter) {
	}

	static String batchKey(UUID batchId) {
		return "b:" + batchId;
	}

}
