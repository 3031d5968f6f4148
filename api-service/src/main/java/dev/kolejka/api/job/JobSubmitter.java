package dev.kolejka.api.job;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kolejka.api.config.ApiProperties;
import dev.kolejka.api.problem.ServiceUnavailableException;
import dev.kolejka.codec.CodecException;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.EventEnvelope;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.topic.JobHeaders;
import dev.kolejka.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import static dev.kolejka.metrics.MetricNames.JOBS_SUBMITTED;
import static dev.kolejka.metrics.MetricNames.Tags.TASK;

/**
 * Puts accepted jobs on Kafka and returns only once the broker has acknowledged them
 * (acks=all, idempotent producer). A single job costs one record: the status view reads
 * the {@code jobs} topic itself.
 *
 * <p>
 * A batch also writes its manifest (ids in item order) to {@code job-events}, and only
 * after every chunk is acknowledged: a crash in between leaves jobs that run and report
 * themselves, never a manifest of jobs that are not in Kafka.
 */
@Component
public class JobSubmitter {

	private final KafkaTemplate<String, byte[]> kafka;

	private final TaskCodec codec;

	private final Topics topics;

	private final ApiProperties properties;

	private final MeterRegistry meters;

	/** By task: a registry lookup builds and hashes the meter's id on every submit. */
	private final Map<String, Counter> submitted = new ConcurrentHashMap<>();

	JobSubmitter(KafkaTemplate<String, byte[]> kafka, TaskCodec codec, Topics topics, ApiProperties properties,
			MeterRegistry meters) {
		this.kafka = kafka;
		this.codec = codec;
		this.topics = topics;
		this.properties = properties;
		this.meters = meters;
	}

	/** Sends one job; blocks until acknowledged. */
	public void submit(JobSubmission job) {
		var sends = new ArrayList<CompletableFuture<?>>(1);
		sendChunk(List.of(job), sends);
		await(sends);
		submitted(job.taskName()).increment();
	}

	/**
	 * Sends the jobs in chunks of at most {@code chunkSize}, then the batch's manifest;
	 * blocks until acknowledged.
	 */
	public void submit(List<JobSubmission> jobs, int chunkSize, BatchQueued batch) {
		var sends = new ArrayList<CompletableFuture<?>>();
		for (int from = 0; from < jobs.size(); from += chunkSize) {
			sendChunk(jobs.subList(from, Math.min(jobs.size(), from + chunkSize)), sends);
		}
		await(sends);
		await(List
			.of(send(this.topics.jobEvents(), batch.batchId().toString(), this.codec.encode(EventEnvelope.of(batch)))));
		submitted(batch.task()).increment(jobs.size());
	}

	/**
	 * Asks for a job's cancellation: its {@code Cancelled} event (terminal and sticky in
	 * the status view, whatever a worker reports later) and a cancel request that every
	 * worker reads, so a queued job never starts and a running one is interrupted. Both
	 * are sent at once and both must be acknowledged; a repeat is harmless.
	 */
	public void cancel(JobEvent.Cancelled cancelled) {
		String id = cancelled.id().toString();
		await(List.of(send(this.topics.control(), id, JobHeaders.CANCEL.getBytes(StandardCharsets.UTF_8)),
				send(this.topics.jobEvents(), id, this.codec.encode(EventEnvelope.of(List.of(cancelled))))));
	}

	private Counter submitted(String task) {
		return this.submitted.computeIfAbsent(task, (name) -> this.meters.counter(JOBS_SUBMITTED, TASK, name));
	}

	/**
	 * A chunk the codec finds too large is halved until it fits; a single job that does
	 * not fit is refused.
	 */
	private void sendChunk(List<JobSubmission> chunk, List<CompletableFuture<?>> sends) {
		byte[] bytes;
		try {
			bytes = this.codec.encode(new JobChunk(chunk));
		}
		catch (CodecException.TooLarge ex) {
			if (chunk.size() == 1) {
				throw ex;
			}
			int half = chunk.size() / 2;
			sendChunk(chunk.subList(0, half), sends);
			sendChunk(chunk.subList(half, chunk.size()), sends);
			return;
		}
		JobSubmission first = chunk.getFirst();
		String key = (first.options().key() != null) ? first.options().key() : first.id().toString();
		sends.add(send(this.topics.jobs(), key, bytes));
	}

	private CompletableFuture<?> send(String topic, String key, byte[] value) {
		try {
			return this.kafka.send(new ProducerRecord<>(topic, key, value));
		}
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			// the producer blocks up to max.block.ms for metadata, then fails the send
			// right here
			throw ServiceUnavailableException.kafka(this.properties.retryAfter(), ex);
		}
	}

	private void await(List<CompletableFuture<?>> sends) {
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ServiceUnavailableException.kafka(this.properties.retryAfter(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw ServiceUnavailableException.kafka(this.properties.retryAfter(), ex);
		}
	}

}
