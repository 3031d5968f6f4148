package dev.kolejka.pool.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A pool of child JVMs that run registered {@link Task}s: Python's
 * {@code multiprocessing.Pool} for the JVM, and the worker's {@code process} pool.
 *
 * <pre>{@code
 * try (var pool = ProcessPool.start(ProcessPoolSettings.defaults().withMaxTasksPerChild(100))) {
 *     List<CpuBurnTask.Result> digests = pool.map(tasks, 8);       // Pool.map, chunks of 8
 *     pool.imapUnordered(tasks, 1).forEachRemaining(System.out::println);
 *     CompletableFuture<MaxTask.Result> max = pool.submit(new MaxTask(1_000, 42, 1)); // apply_async
 * }
 * }</pre>
 *
 * Children are pre-started, run one task at a time, and exit when their pool closes or
 * their parent dies, even by {@code kill -9}. Tasks and results cross the pipes as
 * task-codec bytes, so only registered types are ever instantiated on either side. A task
 * that throws fails alone; a child that crashes, exhausts its heap or passes its task's
 * timeout is killed and replaced, and its task fails with a {@link TaskFailedException}
 * naming why.
 */
public final class ProcessPool implements AutoCloseable {

	private final ProcessPoolSettings settings;

	private final TaskCodec codec;

	private final Scoreboard scoreboard;

	private final ChildCommand command;

	private final BlockingQueue<List<Ticket>> queue = new LinkedBlockingQueue<>();

	private final AtomicInteger queuedTasks = new AtomicInteger();

	private final List<ChildSlot> slots = new ArrayList<>();

	private final List<Thread> dispatchers = new ArrayList<>();

	private final ScheduledExecutorService timers = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-process-pool-timer").daemon().factory());

	private volatile boolean closed;

	private volatile boolean terminated;

	private volatile boolean unmapped;

	private ProcessPool(ProcessPoolSettings settings) throws IOException {
		this.settings = settings;
		this.codec = new ForyTaskCodec(TaskRegistry.load(settings.tasks()), settings.maxRecordBytes());
		this.scoreboard = Scoreboard.create(settings.resolvedProcesses());
		this.command = ChildCommand.of(settings);
		for (int index = 0; index < settings.resolvedProcesses(); index++) {
			var slot = new ChildSlot(index, this);
			this.slots.add(slot);
			this.dispatchers.add(Thread.ofPlatform().name(slot.threadName()).daemon().start(slot));
		}
		long watchEvery = Math.max(50, Math.min(1_000, settings.hungAfter().toMillis() / 4));
		this.timers.scheduleWithFixedDelay(this::watchHeartbeats, watchEvery, watchEvery, TimeUnit.MILLISECONDS);
	}

	/** Starts the children (in the background: submitted tasks wait for the first). */
	public static ProcessPool start(ProcessPoolSettings settings) {
		try {
			return new ProcessPool(settings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the process pool's scoreboard", ex);
		}
	}

	/** Queues one task; the listener hears how it ends. The worker's entry point. */
	public Ticket submit(ProcessWork work) {
		requireOpen();
		var ticket = new Ticket(work, this);
		this.queuedTasks.incrementAndGet();
		this.queue.add(List.of(ticket));
		return ticket;
	}

	/**
	 * Python's {@code apply_async}: the future ends with the result or a
	 * {@link TaskFailedException}.
	 */
	public <R> CompletableFuture<R> submit(Task<R> task) {
		return submit(task, null);
	}

	/**
	 * As {@link #submit(Task)}, with a hard timeout: past it the child is killed.
	 * Cancelling the future kills the child too.
	 */
	public <R> CompletableFuture<R> submit(Task<R> task, @Nullable Duration timeout) {
		var future = new CompletableFuture<R>();
		Ticket ticket = submit(new ProcessWork(task, UUID.randomUUID(), 1, timeout, completing(future)));
		future.whenComplete((result, failure) -> {
			if (failure instanceof CancellationException) {
				ticket.cancel();
			}
		});
		return future;
	}

	/**
	 * Python's {@code map}: every result, in order; {@code chunksize} tasks travel to a
	 * child together.
	 * @throws TaskFailedException for the first task in order that failed
	 */
	public <R> List<R> map(List<? extends Task<R>> tasks, int chunksize) {
		var results = new ArrayList<R>(tasks.size());
		imap(tasks, chunksize).forEachRemaining(results::add);
		return results;
	}

	/** {@link #map(List, int)} with Python's default chunk size. */
	public <R> List<R> map(List<? extends Task<R>> tasks) {
		return map(tasks, defaultChunksize(tasks.size()));
	}

	/**
	 * Python's {@code imap}: results in task order as they become available.
	 * {@code next()} throws the {@link TaskFailedException} of a failed task.
	 */
	public <R> Iterator<R> imap(List<? extends Task<R>> tasks, int chunksize) {
		List<CompletableFuture<R>> futures = submitChunked(tasks, chunksize, null);
		return new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return this.next < futures.size();
			}

			@Override
			public R next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return await(futures.get(this.next++));
			}

		};
	}

	/** Python's {@code imap_unordered}: results in the order they finish. */
	public <R> Iterator<R> imapUnordered(List<? extends Task<R>> tasks, int chunksize) {
		BlockingQueue<CompletableFuture<R>> finished = new LinkedBlockingQueue<>();
		int total = submitChunked(tasks, chunksize, finished).size();
		return new Iterator<>() {

			private int taken;

			@Override
			public boolean hasNext() {
				return this.taken < total;
			}

			@Override
			public R next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				try {
					CompletableFuture<R> future = finished.take();
					this.taken++;
					return await(future);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new CancellationException("interrupted while waiting for a result");
				}
			}

		};
	}

	/**
	 * Stops taking tasks, lets the queued ones finish, and waits for every child to exit:
	 * Python's {@code close()} followed by {@code join()}, which is what a
	 * try-with-resources block wants.
	 */
	@Override
	public void close() {
		this.closed = true;
		awaitDispatchers();
		shutdown();
	}

	/** Kills every child now; queued and running tasks fail as {@code WORKER_LOST}. */
	public void terminate() {
		this.closed = true;
		this.terminated = true;
		this.slots.forEach(ChildSlot::killNow);
		failQueued("the process pool was terminated");
		awaitDispatchers();
		shutdown();
	}

	/** Waits until the pool has been closed or terminated and its children are gone. */
	public void join() throws InterruptedException {
		for (Thread dispatcher : this.dispatchers) {
			dispatcher.join();
		}
	}

	public int size() {
		return this.slots.size();
	}

	/** Children running a task now, as the scoreboard says. */
	public int active() {
		return (int) children().stream().filter((child) -> child.state() == ChildState.BUSY).count();
	}

	/** Tasks waiting for a child. */
	public int queued() {
		return this.queuedTasks.get();
	}

	/** The scoreboard, read without asking any child. */
	public List<ChildSnapshot> children() {
		if (this.unmapped) {
			return List.of();
		}
		try {
			return this.scoreboard.readAll();
		}
		catch (IllegalStateException ex) {
			return List.of(); // unmapped by a close racing with this read
		}
	}

	ProcessPoolSettings settings() {
		return this.settings;
	}

	TaskCodec codec() {
		return this.codec;
	}

	Scoreboard scoreboard() {
		return this.scoreboard;
	}

	ChildCommand command() {
		return this.command;
	}

	ScheduledExecutorService timers() {
		return this.timers;
	}

	boolean isTerminated() {
		return this.terminated;
	}

	/** Closed and nothing left to run: dispatchers may retire their children and stop. */
	boolean isDrained() {
		return this.closed && this.queue.isEmpty();
	}

	@Nullable List<Ticket> nextChunk() throws InterruptedException {
		return this.queue.poll(100, TimeUnit.MILLISECONDS);
	}

	void leftQueue() {
		this.queuedTasks.decrementAndGet();
	}

	private <R> List<CompletableFuture<R>> submitChunked(List<? extends Task<R>> tasks, int chunksize,
			@Nullable BlockingQueue<CompletableFuture<R>> finished) {
		if (chunksize < 1) {
			throw new IllegalArgumentException("chunksize must be at least 1, not " + chunksize);
		}
		requireOpen();
		var futures = new ArrayList<CompletableFuture<R>>(tasks.size());
		for (int from = 0; from < tasks.size(); from += chunksize) {
			var chunk = new ArrayList<Ticket>(chunksize);
			for (Task<R> task : tasks.subList(from, Math.min(tasks.size(), from + chunksize))) {
				var future = new CompletableFuture<R>();
				if (finished != null) {
					future.whenComplete((result, failure) -> finished.add(future));
				}
				futures.add(future);
				chunk.add(new Ticket(new ProcessWork(task, UUID.randomUUID(), 1, null, completing(future)), this));
			}
			this.queuedTasks.addAndGet(chunk.size());
			this.queue.add(List.copyOf(chunk));
		}
		return futures;
	}

	private int defaultChunksize(int tasks) {
		// Python's rule: about four chunks per child
		return Math.max(1, (tasks + 4 * size() - 1) / (4 * size()));
	}

	@SuppressWarnings("unchecked")
	private static <R> ProcessWork.Listener completing(CompletableFuture<R> future) {
		return (outcome) -> {
			switch (outcome) {
				case ChildOutcome.Returned returned -> future.complete((R) returned.result());
				case ChildOutcome.Threw threw -> future.completeExceptionally(new TaskFailedException(threw.error()));
				case ChildOutcome.Killed killed ->
					future.completeExceptionally(new TaskFailedException(killed.error()));
			}
		};
	}

	private static <R> R await(CompletableFuture<R> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof TaskFailedException failed) {
				throw failed;
			}
			throw ex;
		}
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("The process pool is closed");
		}
	}

	private void watchHeartbeats() {
		if (this.unmapped) {
			return;
		}
		Instant now = Instant.now();
		for (ChildSnapshot child : this.scoreboard.readAll()) {
			Duration silent = Duration.between(child.heartbeat(), now);
			if ((child.state() == ChildState.BUSY) && silent.compareTo(this.settings.hungAfter()) > 0) {
				this.slots.get(child.slot()).killHung(silent);
			}
		}
	}

	private void awaitDispatchers() {
		try {
			join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.slots.forEach(ChildSlot::killNow);
		}
	}

	private void shutdown() {
		// a task submitted while the pool was closing never reached a child
		failQueued("the process pool was closed before the task ran");
		this.timers.shutdownNow();
		try {
			this.timers.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!this.unmapped) {
			this.unmapped = true;
			this.scoreboard.close();
		}
	}

	private void failQueued(String reason) {
		List<Ticket> chunk;
		while ((chunk = this.queue.poll()) != null) {
			for (Ticket ticket : chunk) {
				ticket.kill(new JobError(ErrorType.WORKER_LOST, reason, null));
			}
		}
	}

}
