package dev.kolejka.api.status;

import java.util.List;

import dev.kolejka.codec.TaskCodec;
import dev.kolejka.topic.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/**
 * The status view's topology: one global store fed by {@code job-events}.
 *
 * <p>
 * Why a global store: every replica holds every job (no routing of queries), and the source topic itself is the
 * store's changelog, so the view writes no second copy of what {@code job-events} already holds. Caching is off so a
 * terminal event is visible to queries (and wakes long polls) as soon as the update thread has applied it, not after a
 * commit interval.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class JobStatusTopology {

	@Bean
	JobStatusWiring jobStatusWiring(StreamsBuilder builder, Topics topics, TaskCodec codec,
			List<JobStatusListener> listeners) {
		var store = Stores
			.keyValueStoreBuilder(Stores.persistentKeyValueStore(JobStatusStore.STORE), Serdes.String(),
					Serdes.ByteArray())
			.withLoggingDisabled()
			.withCachingDisabled();
		builder.addGlobalStore(store, topics.jobEvents(), Consumed.with(Serdes.String(), Serdes.ByteArray()),
				() -> new JobStatusProcessor(codec, listeners));
		return new JobStatusWiring(topics.jobEvents());
	}

	/** Marks that the topology was built; names the topic it reads. */
	record JobStatusWiring(String source) {
	}

}
