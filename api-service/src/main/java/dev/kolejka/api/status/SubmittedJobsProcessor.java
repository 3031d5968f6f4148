package dev.kolejka.api.status;

import java.util.ArrayList;
import java.util.List;

import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Records every job on the {@code jobs} topic as {@code QUEUED}. Reading the jobs
 * themselves, instead of a separate {@code Queued} event per job, costs a submit one
 * Kafka record and one acknowledgement instead of two. Records the workers dead-letter
 * are skipped here too.
 */
final class SubmittedJobsProcessor implements Processor<String, byte[], Void, Void> {

	private final TaskCodec codec;

	private final List<JobStatusListener> listeners;

	private final SkippedRecords skipped;

	@SuppressWarnings("NullAway.Init") // set in init(), before any record
	private KeyValueStore<String, byte[]> store;

	SubmittedJobsProcessor(TaskCodec codec, List<JobStatusListener> listeners, SkippedRecords skipped) {
		this.codec = codec;
		this.listeners = listeners;
		this.skipped = skipped;
	}

	@Override
	public void init(ProcessorContext<Void, Void> context) {
		this.store = context.getStateStore(JobStatusStore.SUBMITTED_STORE);
	}

	@Override
	public void process(Record<String, byte[]> record) {
		this.skipped.guard("jobs", record, () -> fold(record));
	}

	private void fold(Record<String, byte[]> record) {
		// a record that is not a job is skipped here (and dead-lettered by the workers)
		JobChunk chunk = this.codec.decode(record.value(), JobChunk.class);
		var writes = new ArrayList<KeyValue<String, byte[]>>(chunk.jobs().size());
		var jobs = new ArrayList<Job>(chunk.jobs().size());
		for (JobSubmission submission : chunk.jobs()) {
			Job job = queued(submission);
			writes.add(KeyValue.pair(JobStatusStore.jobKey(job.id()), this.codec.encode(job)));
			jobs.add(job);
		}
		this.store.putAll(writes);
		for (Job job : jobs) {
			for (JobStatusListener listener : this.listeners) {
				listener.updated(job);
			}
		}
	}

	static Job queued(JobSubmission submission) {
		return Job.from(new JobEvent.Queued(submission.id(), submission.taskName(), submission.attempt(),
				submission.submittedAt(), submission.options(), submission.batch(), null, null));
	}

}
