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
public class JobStatusStore implements JobStatusListener {

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
	public Optional<Job> job(JobId id) {
		String key = jobKey(id);
		byte[] bytes = read(key, Views::status);
		if (bytes == null) {
			bytes = read(key, Views::submitted);
		}
		return (bytes != null) ? Optional.of(this.codec.decode(bytes, Job.class))
				: Optional.ofNullable(this.accepted.get(id));
	}

	public Optional<BatchQueued> batch(UUID batchId) {
		byte[] bytes = read(batchKey(batchId), Views::status);
		return (bytes != null) ? Optional.of(this.codec.decode(bytes, BatchQueued.class))
				: Optional.ofNullable(this.acceptedBatches.get(batchId));
	}

	public Optional<CounterValue> counter(String name) {
		return Optional.ofNullable(read(counterKey(name), Views::status))
			.map((bytes) -> this.codec.decode(bytes, CounterValue.class));
	}

	/** Every counter, by name. */
	public List<CounterValue> counters() {
		var counters = new ArrayList<CounterValue>();
		try (KeyValueIterator<String, byte[]> all = views().status().range(COUNTER_PREFIX, COUNTER_END)) {
			all.forEachRemaining((entry) -> counters.add(this.codec.decode(entry.value, CounterValue.class)));
		}
		catch (InvalidStateStoreException ex) {
			this.views = null;
			throw ServiceUnavailableException.statusNotReady(RETRY_AFTER, ex);
		}
		return counters;
	}

	/**
	 * A job this replica has had acknowledged by Kafka, to answer for until the view
	 * shows it.
	 */
	public void accepted(Job job) {
		if (this.accepted.size() < MAX_REMEMBERED) {
			this.accepted.put(job.id(), job);
		}
	}

	/** A batch this replica has had acknowledged by Kafka, with its jobs. */
	public void accepted(BatchQueued batch, List<Job> jobs) {
		if (this.acceptedBatches.size() < MAX_REMEMBERED && this.accepted.size() + jobs.size() < MAX_REMEMBERED) {
			jobs.forEach((job) -> this.accepted.put(job.id(), job));
			this.acceptedBatches.put(batch.batchId(), batch);
		}
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

	static String counterKey(String name) {
		return COUNTER_PREFIX + name;
	}

	static String batchKey(UUID batchId) {
		return "b:" + batchId;
	}

}
