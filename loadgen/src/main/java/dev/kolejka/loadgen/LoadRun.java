package dev.kolejka.loadgen;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import dev.kolejka.loadgen.JobsApi.Answer;

/**
 * One open-model load run. A scheduler thread sends submission {@code i} at its due time
 * ({@link Schedule}) on a virtual thread of its own, which then long-polls the job (or
 * batch) until it is terminal. Every latency is measured from the due time, not from when
 * the request actually left, so a stalled API is charged for every submission the stall
 * delayed. At most {@code concurrency} submissions are in flight; past that the scheduler
 * waits for a permit and falls behind, and the latencies of the late submissions say so.
 * Errors are counted, never retried.
 *
 * <p>
 * The run ends by itself: when every submission has its answer, or {@code drain} after
 * the schedule, whichever comes first; {@link #stop()} ends it early.
 */
public final class LoadRun implements AutoCloseable {

	private static final long MAX_WAIT_SECONDS = 30;

	private final LoadSpec spec;

	private final Schedule schedule;

	private final JobsApi api;

	private final LoadRecorder recorder = new LoadRecorder();

	private final Semaphore permits;

	private final ExecutorService submissions;

	private final CompletableFuture<LoadReport> report = new CompletableFuture<>();

	private final Clock clock;

	private volatile boolean stopped;

	private volatile long startNanos;

	private volatile long sendEndNanos;

	private volatile Instant startedAt = Instant.EPOCH;

	private volatile Thread scheduler = Thread.ofPlatform().unstarted(() -> {
	});

	public LoadRun(LoadSpec spec, Clock clock) {
		this.spec = spec;
		this.schedule = new Schedule(spec.rate(), spec.duration(), spec.batch());
		this.api = new JobsApi(spec.baseUrl(), spec.apiKey());
		this.permits = new Semaphore(spec.concurrency());
		ThreadFactory named = Thread.ofVirtual().name("kolejka-loadgen-", 0).factory();
		this.submissions = Executors.newThreadPerTaskExecutor(named);
		this.clock = clock;
	}

	/** Starts the schedule now; returns at once. */
	public LoadRun start() {
		this.startedAt = this.clock.instant();
		this.startNanos = System.nanoTime();
		this.scheduler = Thread.ofPlatform().name("kolejka-loadgen-schedule").daemon().start(this::run);
		return this;
	}

	/** Ends the schedule early and stops waiting for outstanding jobs. */
	public void stop() {
		this.stopped = true;
		LockSupport.unpark(this.scheduler);
		this.scheduler.interrupt();
	}

	public LoadSpec spec() {
		return this.spec;
	}

	public Instant startedAt() {
		return this.startedAt;
	}

	public Progress progress() {
		return this.recorder.progress(elapsedSeconds());
	}

	public boolean isFinished() {
		return this.report.isDone();
	}

	/** The report once the run has ended. */
	public Optional<LoadReport> report() {
		return Optional.ofNullable(this.report.getNow(null));
	}

	/** Waits up to {@code wait} for the run to end. */
	public Optional<LoadReport> awaitReport(Duration wait) throws InterruptedException {
		try {
			return Optional.of(this.report.get(wait.toNanos(), TimeUnit.NANOSECONDS));
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The load run failed: " + ex.getCause(), ex.getCause());
		}
	}

	private void run() {
		try {
			sendAll();
			this.sendEndNanos = System.nanoTime();
			awaitOutstanding();
		}
		catch (InterruptedException ex) {
			// stopped
		}
		catch (RuntimeException ex) {
			this.report.completeExceptionally(ex);
		}
		finally {
			if (this.sendEndNanos == 0) {
				this.sendEndNanos = System.nanoTime();
			}
			this.submissions.shutdownNow();
			try {
				this.report.complete(buildReport());
			}
			catch (RuntimeException ex) {
				this.report.completeExceptionally(ex);
			}
			this.api.close();
		}
	}

	private void sendAll() throws InterruptedException {
		long count = this.schedule.submissions();
		for (long i = 0; i < count && !this.stopped; i++) {
			long due = this.startNanos + this.schedule.dueNanos(i);
			parkUntil(due);
			if (this.stopped) {
				return;
			}
			// a run ends at its schedule plus drain, however far behind the API has put
			// it
			if (!this.permits.tryAcquire(endNanos() - System.nanoTime(), TimeUnit.NANOSECONDS)) {
				return;
			}
			Workload workload = pick(i);
			this.recorder.submitted(this.spec.batch());
			this.submissions.execute(() -> {
				try {
					submit(workload, due);
				}
				finally {
					this.permits.release();
				}
			});
		}
	}

	private void parkUntil(long due) {
		long wait;
		while (!this.stopped && (wait = due - System.nanoTime()) > 0) {
			LockSupport.parkNanos(this, wait);
		}
	}

	private void awaitOutstanding() throws InterruptedException {
		this.permits.tryAcquire(this.spec.concurrency(), endNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
	}

	private long endNanos() {
		return this.startNanos + this.spec.duration().toNanos() + this.spec.drain().toNanos();
	}

	private void submit(Workload workload, long due) {
		int size = this.spec.batch();
		Answer accepted = (size == 1) ? this.api.submit(workload) : this.api.submitBatch(workload, size);
		long answered = System.nanoTime();
		if (!accepted.ok()) {
			this.recorder.error(accepted.error(), size);
			return;
		}
		this.recorder.accepted(size, answered - due);
		if (size == 1) {
			awaitJob(accepted.value(), due);
		}
		else {
			awaitBatch(accepted.value(), due);
		}
	}

	private void awaitJob(String id, long due) {
		while (!this.stopped && !Thread.currentThread().isInterrupted()) {
			Answer answer = this.api.job(id, waitSeconds());
			if (!answer.ok()) {
				readError(answer, 1);
				return;
			}
			switch (answer.value()) {
				case "SUCCEEDED" -> this.recorder.completed(1, System.nanoTime() - due);
				case "FAILED", "CANCELLED" -> this.recorder.failed(1, System.nanoTime() - due);
				default -> {
					continue;
				}
			}
			return;
		}
	}

	private void awaitBatch(String id, long due) {
		while (!this.stopped && !Thread.currentThread().isInterrupted()) {
			Answer answer = this.api.batch(id, waitSeconds());
			if (!answer.ok() || answer.body() == null) {
				readError(answer, this.spec.batch());
				return;
			}
			String state = answer.value();
			if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
				long latency = System.nanoTime() - due;
				this.recorder.completed(answer.body().path("succeeded").asInt(), latency);
				this.recorder.failed(answer.body().path("failed").asInt() + answer.body().path("cancelled").asInt(),
						latency);
				return;
			}
		}
	}

	private void readError(Answer answer, int jobs) {
		// an interrupted read is the run ending, not an error of the API
		if (!"interrupted".equals(answer.error())) {
			this.recorder.readError(String.valueOf(answer.error()), jobs);
		}
	}

	/** Long polls never outlast the run's end (schedule plus drain). */
	private long waitSeconds() {
		long left = TimeUnit.NANOSECONDS.toSeconds(endNanos() - System.nanoTime());
		return Math.clamp(left, 1, MAX_WAIT_SECONDS);
	}

	/** Weighted round robin over the mix: deterministic, and exact over a full turn. */
	private Workload pick(long i) {
		int total = this.spec.mix().stream().mapToInt(Workload::weight).sum();
		long slot = i % total;
		for (Workload workload : this.spec.mix()) {
			slot -= workload.weight();
			if (slot < 0) {
				return workload;
			}
		}
		return this.spec.mix().getLast();
	}

	private double elapsedSeconds() {
		return (this.startNanos == 0) ? 0 : (System.nanoTime() - this.startNanos) / 1e9;
	}

	private LoadReport buildReport() {
		// a scheduler that fell behind stretches the window, and the achieved rate drops
		double sendWindow = Math.max(this.spec.duration().toNanos(), this.sendEndNanos - this.startNanos) / 1e9;
		return new LoadReport(this.spec.taskLabel(), this.startedAt.toString(), this.spec.rate(),
				round(this.recorder.submittedJobs() / sendWindow), this.spec.batch(), this.recorder.submittedJobs(),
				this.recorder.acceptedJobs(), this.recorder.completedJobs(), this.recorder.failedJobs(),
				this.recorder.unfinishedJobs(), this.recorder.errors(), round(elapsedSeconds()), this.stopped,
				this.recorder.acceptLatency(), this.recorder.completionLatency());
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	@Override
	public void close() {
		stop();
		try {
			this.scheduler.join(Duration.ofSeconds(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.api.close();
	}

}
