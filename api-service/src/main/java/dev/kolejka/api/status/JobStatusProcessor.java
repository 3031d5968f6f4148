package dev.kolejka.api.status;

import java.util.ArrayList;
import java.util.List;

import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.BatchRef;
import dev.kolejka.job.CounterValue;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobState;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Folds {@code job-events} records into the status store. It is also what restores the
 * store after a restart (Kafka Streams replays a global store's source topic through its
 * processor), so applying a record twice must leave the same state: {@link Job#apply} is
 * idempotent and terminal states are sticky.
 */
final class JobStatusProcessor implements Processor<String, byte[], Void, Void> {

	private final TaskCodec codec;

	private final List<JobStatusListener> listeners;

	private final SkippedRecords skipped;

	@SuppressWarnings("NullAway.Init") // set in init(), before any record
	private KeyValueStore<String, byte[]> store;

	JobStatusProcessor(TaskCodec codec, List<JobStatusListener> listeners, SkippedRecords skipped) {
		this.codec = codec;
		this.listeners = listeners;
		this.skipped = skipped;
	}

	@Override
	public void init(ProcessorContext<Void, Void> context) {
		this.store = context.getStateStore(JobStatusStore.STATUS_STORE);
	}

	@Override
	public void process(Record<String, byte[]> record) {
		this.skipped.guard("job-events", record, () -> fold(record));
	}

	private void fold(Record<String, byte[]> record) {
		EventEnvelope envelope = this.codec.decode(record.value(), EventEnvelope.class);
		// one event the view cannot fold must not cost the others of its record
		envelope.batches().forEach((batch) -> this.skipped.guard("job-events", record, () -> expand(batch)));
		envelope.events().forEach((event) -> this.skipped.guard("job-events", record, () -> apply(event)));
	}

	private void expand(BatchQueued batch) {
		this.store.put(JobStatusStore.batchKey(batch.batchId()), this.codec.encode(batch));
		var writes = new ArrayList<KeyValue<String, byte[]>>(batch.ids().size());
		var jobs = new ArrayList<Job>(batch.ids().size());
		for (int index = 0; index < batch.ids().size(); index++) {
			JobId id = batch.ids().get(index);
			Job known = read(id);
			var ref = new BatchRef(batch.batchId(), index);
			Job job = (known != null) ? known.withBatch(ref, batch.options(), batch.at())
					: Job.from(new JobEvent.Queued(id, batch.task(), 1, batch.at(), batch.options(), ref, null, null));
			writes.add(KeyValue.pair(JobStatusStore.jobKey(id), this.codec.encode(job)));
			jobs.add(job);
		}
		this.store.putAll(writes);
		jobs.forEach(this::notifyListeners);
		for (JobStatusListener listener : this.listeners) {
			listener.batchStored(batch);
		}
	}

	/**
	 * Folds one event. Counter deltas are applied here, exactly once per job: at the
	 * job's first transition to SUCCEEDED, which only a Succeeded event causes and which
	 * terminal states make unrepeatable. A duplicate or redelivered Succeeded event (a
	 * job run twice after a worker crash) therefore adds nothing, and deltas of failed,
	 * timed-out or lost attempts never travel at all. The job's new state and the
	 * counters it moves are written in one batch, so after a crash (the store replays
	 * events since its last checkpoint) both or neither are on disk.
	 */
	private void apply(JobEvent event) {
		Job known = read(event.id());
		Job job = (known != null) ? known.apply(event) : Job.from(event);
		if (job.equals(known)) {
			return;
		}
		var writes = new ArrayList<KeyValue<String, byte[]>>(2);
		writes.add(KeyValue.pair(JobStatusStore.jobKey(event.id()), this.codec.encode(job)));
		boolean firstSuccess = job.state() == JobState.SUCCEEDED
				&& (known == null || known.state() != JobState.SUCCEEDED);
		if (firstSuccess && event instanceof JobEvent.Succeeded succeeded) {
			// counters are the job owner's: another owner's counter of the same name is
			// another
			String owner = JobStatusStore.ownerOf(job.options());
			succeeded.counterDeltas().forEach((name, delta) -> {
				String key = JobStatusStore.counterKey(owner, name);
				byte[] bytes = this.store.get(key);
				CounterValue counter = (bytes != null) ? this.codec.decode(bytes, CounterValue.class)
						: new CounterValue(name, 0, succeeded.at());
				writes.add(KeyValue.pair(key, this.codec.encode(counter.plus(delta, succeeded.at()))));
			});
		}
		this.store.putAll(writes);
		notifyListeners(job);
	}

	private @Nullable Job read(JobId id) {
		byte[] bytes = this.store.get(JobStatusStore.jobKey(id));
		return (bytes != null) ? this.codec.decode(bytes, Job.class) : null;
	}

	private void notifyListeners(Job job) {
		for (JobStatusListener listener : this.listeners) {
			listener.updated(job);
		}
	}

}
