package dev.kolejka.worker.execution;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.Execution;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobEvent;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.topic.DeadLetterHeaders;
import dev.kolejka.topic.JobHeaders;
import dev.kolejka.topic.Topics;
import dev.kolejka.worker.event.DurableSend;
import dev.kolejka.worker.event.EventPublisher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Makes an attempt's outcome durable: a success or a final failure as a terminal event (a
 * final failure also as a dead-letter record carrying the job), a retryable failure with
 * attempts left as a {@code Queued} event plus the job itself on the retry topic with its
 * backoff. {@code settled} runs once everything is acknowledged.
 */
@Component
class OutcomeReporter {

	private static final Log logger = LogFactory.getLog(OutcomeReporter.class);

	private final EventPublisher events;

	private final DurableSend sender;

	private final TaskCodec codec;

	private final Topics topics;

	private final RetryPolicy retries;

	private final Clock clock;

	OutcomeReporter(EventPublisher events, DurableSend sender, TaskCodec codec, Topics topics, RetryPolicy retries,
			Clock clock) {
		this.events = events;
		this.sender = sender;
		this.codec = codec;
		this.topics = topics;
		this.retries = retries;
		this.clock = clock;
	}

	void succeeded(JobEvent.Succeeded succeeded, Runnable settled) {
		this.events.publish(succeeded, settled);
	}

	/**
	 * The job was cancelled (the API already made that its terminal state); confirms it
	 * with the execution.
	 */
	void cancelled(JobSubmission job, @Nullable Execution execution, Runnable settled) {
		this.events.publish(
				new JobEvent.Cancelled(job.id(), job.taskName(), job.attempt(), this.clock.instant(), execution),
				settled);
	}

	void failed(JobSubmission job, @Nullable Instant startedAt, @Nullable Execution execution, JobError error,
			AttemptCallbacks callbacks) {
		if (!callbacks.owned().getAsBoolean()) {
			logger.debug("Job " + job.id() + " failed after its record was handed over (" + error.message()
					+ "); its next owner runs it");
			callbacks.settled().run();
			return;
		}
		if (error.isRetryable() && job.hasAttemptsLeft()) {
			if (callbacks.retryInPlace() != null) {
				retryInPlace(job, error, callbacks.retryInPlace());
				return;
			}
			byte[] next = encodeOrNull(JobChunk.of(job.nextAttempt()));
			if (next != null) {
				retry(job, next, error, callbacks.settled());
				return;
			}
			error = JobError.invalid("Could not be retried: the job no longer encodes (" + error.message() + ")");
		}
		var failed = new JobEvent.Failed(job.id(), job.taskName(), job.attempt(), startedAt, this.clock.instant(),
				execution, error, JobEvent.Submission.of(job));
		var event = new CompletableFuture<Void>();
		this.events.publish(failed, () -> event.complete(null));
		byte[] payload = encodeOrNull(JobChunk.of(job));
		var letter = new ProducerRecord<>(this.topics.deadLetter(), key(job),
				(payload != null) ? payload : new byte[0]);
		letter.headers()
			.add(DeadLetterHeaders.REASON, bytes(error.isRetryable() ? "exhausted" : "invalid"))
			.add(DeadLetterHeaders.MESSAGE, bytes(error.type() + ": " + error.message()))
			.add(DeadLetterHeaders.ORIGIN, bytes("job " + job.id() + " attempt " + job.attempt()));
		settleWhenAll(callbacks.settled(), event, this.sender.send(letter));
	}

	/** Never throws: an outcome must always be reportable. */
	private byte @Nullable [] encodeOrNull(JobChunk chunk) {
		try {
			return this.codec.encode(chunk);
		}
		catch (RuntimeException ex) {
			logger.error("Could not encode job " + chunk.jobs().getFirst().id() + " again", ex);
			return null;
		}
	}

	/**
	 * The retry of a keyed job: announced like any other, then run from the same record,
	 * which stays unsettled (and keeps the key's lane) until the job's final outcome.
	 * After a crash the record is redelivered and the job starts over, still in its
	 * place.
	 */
	private void retryInPlace(JobSubmission job, JobError error, AttemptCallbacks.RetryInPlace retryInPlace) {
		Instant now = this.clock.instant();
		Instant notBefore = now.plus(this.retries.delayAfter(job.attempt(), job.options()));
		JobSubmission next = job.nextAttempt();
		this.events.publish(new JobEvent.Queued(job.id(), job.taskName(), next.attempt(), now, job.options(),
				job.batch(), notBefore, error), null);
		retryInPlace.retry(next, notBefore);
	}

	private void retry(JobSubmission job, byte[] next, JobError error, Runnable settled) {
		Instant now = this.clock.instant();
		Duration delay = this.retries.delayAfter(job.attempt(), job.options());
		// whole milliseconds, rounded up: the header carries epoch millis and must agree
		// with the event
		Instant notBefore = Instant.ofEpochMilli(now.plus(delay).toEpochMilli() + 1);
		var queued = new JobEvent.Queued(job.id(), job.taskName(), job.attempt() + 1, now, job.options(), job.batch(),
				notBefore, error);
		var event = new CompletableFuture<Void>();
		this.events.publish(queued, () -> event.complete(null));
		var record = new ProducerRecord<>(this.topics.retries(), key(job), next);
		record.headers().add(JobHeaders.NOT_BEFORE, bytes(Long.toString(notBefore.toEpochMilli())));
		settleWhenAll(settled, event, this.sender.send(record));
	}

	/**
	 * Events and records are sent until acknowledged; only a worker that stops first
	 * leaves the record unsettled, and then it is redelivered, never lost.
	 */
	private static void settleWhenAll(Runnable settled, CompletableFuture<?>... sends) {
		CompletableFuture.allOf(sends).whenComplete((done, failure) -> {
			if (failure == null) {
				settled.run();
			}
			else {
				logger.error("Could not record a job's outcome; its record stays uncommitted and will be redelivered",
						failure);
			}
		});
	}

	private static String key(JobSubmission job) {
		return (job.options().key() != null) ? job.options().key() : job.id().toString();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
