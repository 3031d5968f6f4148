package dev.kolejka.pool.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.kolejka.codec.ForyTaskCodec;
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

	private final PoolParts parts;

	private final List<ChildSlot> slots = new ArrayList<>();

	private final List<Thread> dispatchers = new ArrayList<>();

	private ProcessPool(ProcessPoolSettings settings) throws IOException {
		this.parts = new PoolParts(settings,
				new ForyTaskCodec(TaskRegistry.load(settings.tasks()), settings.maxRecordBytes()),
				Scoreboard.create(settings.resolvedProcesses()), ChildCommand.of(settings),
				Executors.newSingleThreadScheduledExecutor(
						Thread.ofPlatform().name("kolejka-process-pool-timer").daemon().factory()),
				new TaskQueue());
		for (int index = 0; index < settings.resolvedProcesses(); index++) {
			var slot = new ChildSlot(index, this.parts);
			this.slots.add(slot);
			this.dispatchers.add(Thread.ofPlatform().name(slot.threadName()).daemon().start(slot));
		}
		HangWatchdog.watch(this.parts, this.slots);
		this.parts.command().prepareArchive(this.parts.scoreboard(), settings);
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
		var ticket = new Ticket(work, this.parts.queue());
		this.parts.queue().add(List.of(ticket));
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
		Ticket ticket = submit(new ProcessWork(task, UUID.randomUUID(), 1, timeout, Results.completing(future)));
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
		return Results.inOrder(submitChunked(tasks, chunksize, null));
	}

	/** Python's {@code imap_unordered}: results in the order they finish. */
	public <R> Iterator<R> imapUnordered(List<? extends Task<R>> tasks, int chunksize) {
		BlockingQueue<CompletableFuture<R>> finished = new LinkedBlockingQueue<>();
		return Results.asFinished(finished, submitChunked(tasks, chunksize, finished).size());
	}

	/**
	 * Stops taking tasks, lets the queued ones finish, and waits for every child to exit:
	 * Python's {@code close()} followed by {@code join()}, which is what a
	 * try-with-resources block wants.
	 */
	@Override
	public void close() {
		this.parts.queue().moveTo(PoolState.CLOSING);
		awaitDispatchers();
		shutdown();
	}

	/**
	 * Kills every child now: running tasks fail {@code WORKER_LOST}; queued ones end
	 * {@link ChildOutcome.NotStarted} (their futures fail {@code WORKER_LOST}).
	 */
	public void terminate() {
		this.parts.queue().moveTo(PoolState.TERMINATING);
		this.slots.forEach(ChildSlot::killNow);
		this.parts.queue().withdrawAll("the process pool was terminated before the task started");
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
		return this.parts.queue().queued();
	}

	/** The scoreboard, read without asking any child. */
	public List<ChildSnapshot> children() {
		if (this.parts.queue().state() == PoolState.CLOSED) {
			return List.of();
		}
		try {
			return this.parts.scoreboard().readAll();
		}
		catch (IllegalStateException ex) {
			return List.of(); // unmapped by a close racing with this read
		}
	}

	private <R> List<CompletableFuture<R>> submitChunked(List<? extends Task<R>> tasks, int chunksize,
			@Nullable BlockingQueue<CompletableFuture<R>> finished) {
		if (chunksize < 1) {
			throw new IllegalArgumentException("chunksize must be at least 1, not " + chunksize);
		}
		var futures = new ArrayList<CompletableFuture<R>>(tasks.size());
		var chunks = new ArrayList<List<Ticket>>();
		for (int from = 0; from < tasks.size(); from += chunksize) {
			var chunk = new ArrayList<Ticket>(chunksize);
			for (Task<R> task : tasks.subList(from, Math.min(tasks.size(), from + chunksize))) {
				var future = new CompletableFuture<R>();
				if (finished != null) {
					future.whenComplete((result, failure) -> finished.add(future));
				}
				futures.add(future);
				chunk.add(new Ticket(new ProcessWork(task, UUID.randomUUID(), 1, null, Results.completing(future)),
						this.parts.queue()));
			}
			chunks.add(chunk);
		}
		chunks.forEach(this.parts.queue()::add);
		return futures;
	}

	private int defaultChunksize(int tasks) {
		// Python's rule: about four chunks per child
		return Math.max(1, (tasks + 4 * size() - 1) / (4 * size()));
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
		this.parts.command().stopPreparing();
		// nothing is queued after the pool left OPEN, and the dispatchers ran what was
		// (close) or it was withdrawn (terminate); this catches a dispatcher interrupted
		// before it got there
		this.parts.queue().withdrawAll("the process pool was closed before the task started");
		this.parts.timers().shutdownNow();
		try {
			this.parts.timers().awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.parts.queue().moveTo(PoolState.CLOSED)) {
			this.parts.scoreboard().close();
		}
	}

}
