package dev.kolejka.api.status;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.kolejka.api.problem.ServiceUnavailableException;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Reads the job status view: a RocksDB-backed global store that every API replica keeps whole, so any replica answers
 * for any job, and that lives on disk, so ten million retained jobs do not grow the heap.
 */
@Component
public class JobStatusStore {

	static final String STORE = "kolejka-job-status";

	private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private final StreamsBuilderFactoryBean streams;

	private final TaskCodec codec;

	private volatile @Nullable ReadOnlyKeyValueStore<String, byte[]> store;

	JobStatusStore(StreamsBuilderFactoryBean streams, TaskCodec codec) {
		this.streams = streams;
		this.codec = codec;
	}

	public Optional<Job> job(JobId id) {
		return Optional.ofNullable(read(jobKey(id))).map((bytes) -> this.codec.decode(bytes, Job.class));
	}

	public Optional<BatchQueued> batch(UUID batchId) {
		return Optional.ofNullable(read(batchKey(batchId))).map((bytes) -> this.codec.decode(bytes, BatchQueued.class));
	}

	private byte @Nullable [] read(String key) {
		try {
			return store().get(key);
		}
		catch (InvalidStateStoreException ex) {
			this.store = null;
			throw ServiceUnavailableException.statusNotReady(RETRY_AFTER, ex);
		}
	}

	private ReadOnlyKeyValueStore<String, byte[]> store() {
		ReadOnlyKeyValueStore<String, byte[]> current = this.store;
		if (current == null) {
			KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
			if (kafkaStreams == null || kafkaStreams.state() != KafkaStreams.State.RUNNING) {
				throw new InvalidStateStoreException("Kafka Streams is not running yet");
			}
			current = kafkaStreams.store(StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
			this.store = current;
		}
		return current;
	}

	static String jobKey(JobId id) {
		return "j:" + id;
	}

	static String batchKey(UUID batchId) {
		return "b:" + batchId;
	}

}
