package dev.kolejka.api.status;

import java.util.List;

import dev.kolejka.codec.TaskCodec;
import dev.kolejka.topic.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/**
 * The status view's topology: two global stores on RocksDB, one fed by {@code jobs} (what
 * was submitted: every job there is at least {@code QUEUED}) and one by
 * {@code job-events} (everything that happened to a job since).
 *
 * <p>
 * Why global stores: every replica holds every job (no routing of queries), and each
 * store's source topic is its changelog, so the view writes no second copy of what Kafka
 * already holds. Caching is off so a terminal event is visible to queries (and wakes long
 * polls) as soon as the update thread has applied it, not after a commit interval.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class JobStatusTopology {

	@Bean
	JobStatusWiring jobStatusWiring(StreamsBuilder builder, Topics topics, TaskCodec codec,
			List<JobStatusListener> listeners, SkippedRecords skipped) {
		builder.addGlobalStore(store(JobStatusStore.SUBMITTED_STORE), topics.jobs(),
				Consumed.with(Serdes.String(), Serdes.ByteArray()),
				() -> new SubmittedJobsProcessor(codec, listeners, skipped));
		builder.addGlobalStore(store(JobStatusStore.STATUS_STORE), topics.jobEvents(),
				Consumed.with(Serdes.String(), Serdes.ByteArray()),
				() -> new JobStatusProcessor(codec, listeners, skipped));
		return new JobStatusWiring(List.of(topics.jobs(), topics.jobEvents()));
	}

	private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name) {
		return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
			.withLoggingDisabled()
			.withCachingDisabled();
	}

	/** Marks that the topology was built; names the topics it reads. */
	record JobStatusWiring(List<String> sources) {
	}

}
