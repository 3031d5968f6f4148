package dev.kolejka.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.CounterValue;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.Execution;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobState;
import dev.kolejka.metrics.MetricNames;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import dev.kolejka.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status view's fold, driven by Kafka Streams' own {@link TopologyTestDriver} over
 * the real topology and RocksDB stores.
 */
class JobStatusProcessorTests {

	private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

	private static final Execution EXECUTION = new Execution("worker-1", Pool.CPU, 1, "kolejka-cpu-1", 1, 0, 0);

	private final TaskCodec codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS),
			Topics.MAX_RECORD_BYTES);

	private final Topics topics = new Topics("unit.");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private TopologyTestDriver driver;

	private TestInputTopic<String, byte[]> events;

	private KeyValueStore<String, byte[]> store;

	@BeforeEach
	void start() {
		var builder = new StreamsBuilder();
		new JobStatusTopology().jobStatusWiring(builder, this.topics, this.codec, List.of(),
				new SkippedRecords(this.meters));
		var config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-" + UUID.randomUUID());
		config.put(StreamsConfig.STATE_DIR_CONFIG,
				Path.of("target", "topology-tests", UUID.randomUUID().toString()).toAbsolutePath().toString());
		this.driver = new TopologyTestDriver(builder.build(), config);
		this.events = this.driver.createInputTopic(this.topics.jobEvents(), new StringSerializer(),
				new ByteArraySerializer());
		this.store = this.driver.getKeyValueStore(JobStatusStore.STATUS_STORE);
	}

	@AfterEach
	void stop() {
		this.driver.close();
	}

	@Test
	void aSucceededEventDeliveredTwiceMovesItsCountersOnce() {
		var id = new JobId(UUID.randomUUID());
		byte[] success = envelope(succeeded(id, Map.of("visits", 3L)));

		this.events.pipeInput(id.toString(), success);
		this.events.pipeInput(id.toString(), success);

		assertThat(job(id).state()).isEqualTo(JobState.SUCCEEDED);
		assertThat(this.codec
			.decode(this.store.get(JobStatusStore.counterKey(JobStatusStore.ownerOf(JobOptions.DEFAULTS), "visits")),
					CounterValue.class)
			.value()).isEqualTo(3);
	}

	@Test
	void aLateFailureNeverReopensASucceededJob() {
		var id = new JobId(UUID.randomUUID());

		this.events.pipeInput(id.toString(), envelope(succeeded(id, Map.of())));
		this.events.pipeInput(id.toString(), envelope(
				new JobEvent.Failed(id, "count", 1, null, T0.plusSeconds(1), null, JobError.invalid("late"), null)));

		assertThat(job(id).state()).isEqualTo(JobState.SUCCEEDED);
	}

	@Test
	void recordsItCannotFoldAreSkippedAndCountedAndTheRecordsAfterThemStillApply() {
		var id = new JobId(UUID.randomUUID());

		this.events.pipeInput("garbage", "not an envelope".getBytes(StandardCharsets.UTF_8));
		this.events.pipeInput("tombstone", (byte[]) null);
		this.events.pipeInput(id.toString(), envelope(succeeded(id, Map.of())));

		assertThat(job(id).state()).isEqualTo(JobState.SUCCEEDED);
		assertThat(this.meters.counter(MetricNames.STATUS_SKIPPED, MetricNames.Tags.TOPIC, "job-events").count())
			.isEqualTo(2);
	}

	private Job job(JobId id) {
		return this.codec.decode(this.store.get(JobStatusStore.jobKey(id)), Job.class);
	}

	private byte[] envelope(JobEvent event) {
		return this.codec.encode(EventEnvelope.of(List.of(event)));
	}

	private static JobEvent.Succeeded succeeded(JobId id, Map<String, Long> counters) {
		return new JobEvent.Succeeded(id, "count", 1, T0, T0, EXECUTION, "null", counters,
				new JobEvent.Submission(JobOptions.DEFAULTS, T0, null));
	}

}
