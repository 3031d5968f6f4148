package dev.kolejka.pool.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place for a child in the pool, with the dispatcher thread that feeds it: starts a
 * child, takes a chunk from the pool's queue, runs it there ({@link ChunkRun}), and
 * replaces the child when it died, was killed or has run {@code maxTasksPerChild} tasks.
 * Nothing one task does (or the pool does wrong on one task) ends this thread: only the
 * pool's end does.
 */
final class ChildSlot implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(ChildSlot.class);

	private final int index;

	private final PoolParts parts;

	/** The child, from its launch on (so a terminate can kill one still starting). */
	private volatile @Nullable ChildProcess child;

	private volatile @Nullable ChunkRun running;

	ChildSlot(int index, PoolParts parts) {
		this.index = index;
		this.parts = parts;
	}

	String threadName() {
		return "kolejka-child-" + this.index;
	}

	@Override
	public void run() {
		try {
			while (step()) {
				// one chunk, or one child start, at a time
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			ChildProcess current = this.child;
			if (current != null) {
				current.retire();
			}
			this.child = null;
			emptySlot();
		}
	}

	/** Kills the child whatever it does: the pool is terminating. */
	void killNow() {
		ChildProcess current = this.child;
		if (current != null) {
			current.kill("the process pool was terminated");
		}
	}

	/** Called by the pool's watchdog: a busy child whose heartbeat stopped. */
	void killHung(ChildSnapshot snapshot, Duration silentFor) {
		ChunkRun current = this.running;
		if (current != null) {
			current.killHung(snapshot.pid(), snapshot.currentJob(), silentFor);
		}
	}

	/** One turn of the loop; false when the pool has ended for this slot. */
	private boolean step() throws InterruptedException {
		if (this.parts.isTerminating()) {
			return false;
		}
		try {
			ChildProcess current = (this.child != null) ? this.child : startChild();
			if (current == null) {
				return true;
			}
			List<Ticket> chunk = this.parts.queue().next();
			if (chunk == null) {
				return !this.parts.queue().isDrained();
			}
			runChunk(current, chunk);
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// ChunkRun settles its own tickets; this is the net under the pool's own code
			log.error("Process pool slot {} recovered from an unexpected failure; replacing its child", this.index, ex);
			dropChild();
		}
		return true;
	}

	private void runChunk(ChildProcess current, List<Ticket> chunk) {
		var run = new ChunkRun(this.parts, current, threadName());
		this.running = run;
		boolean kept;
		try {
			kept = run.run(chunk);
		}
		finally {
			this.running = null;
		}
		if (!kept) {
			this.child = null;
			emptySlot();
			return;
		}
		int maxTasks = this.parts.settings().maxTasksPerChild();
		if (!current.isUsable()) {
			// killed after its last answer got out, or died idle: never give it more work
			current.reap();
			this.child = null;
			emptySlot();
		}
		else if (maxTasks > 0 && current.tasksRun() >= maxTasks) {
			dropChild();
		}
	}

	private @Nullable ChildProcess startChild() throws InterruptedException {
		ChildProcess started;
		this.parts.scoreboard().launching(this.index);
		try {
			started = ChildProcess
				.launch(this.parts.command().forSlot(this.index, this.parts.scoreboard(), this.parts.settings()));
		}
		catch (IOException ex) {
			failStart("could not launch a child JVM: " + ex.getMessage());
			return null;
		}
		this.child = started;
		this.parts.scoreboard().launched(this.index, started.pid());
		if (this.parts.isTerminating()) {
			// launched just as terminate killed the slot's children: it goes too
			started.kill("the process pool was terminated");
		}
		Duration limit = this.parts.settings().startTimeout();
		ScheduledFuture<?> deadline = Deadline.isForever(limit) ? null
				: this.parts.timers()
					.schedule(() -> started.kill("it did not start within " + limit), Deadline.millis(limit),
							TimeUnit.MILLISECONDS);
		try {
			started.awaitReady();
			return started;
		}
		catch (IOException ex) {
			this.child = null;
			String exit = started.abandon();
			failStart("child pid " + started.pid() + " did not start" + exit + "; its output is in the worker's log");
			return null;
		}
		finally {
			if (deadline != null) {
				deadline.cancel(false);
			}
		}
	}

	/**
	 * A child that cannot start (a broken initializer, say) must not strand the queue:
	 * the next chunk fails with the reason, then the slot tries again a second later. A
	 * task its listener no longer admits (handed back) ends not started, as anywhere.
	 */
	private void failStart(String reason) throws InterruptedException {
		emptySlot();
		if (this.parts.isTerminating()) {
			return;
		}
		log.error("Process pool slot {}: {}", this.index, reason);
		List<Ticket> chunk = this.parts.queue().next();
		if (chunk != null) {
			var error = new JobError(ErrorType.WORKER_LOST, reason, null);
			for (Ticket ticket : chunk) {
				if (ticket.take() && ticket.admit()) {
					ticket.settle(new ChildOutcome.Killed(error, 0, Duration.ZERO));
				}
			}
		}
		TimeUnit.SECONDS.sleep(1);
	}

	private void dropChild() {
		ChildProcess current = this.child;
		this.child = null;
		if (current != null) {
			current.retire();
		}
		emptySlot();
	}

	private void emptySlot() {
		try {
			this.parts.scoreboard().empty(this.index);
		}
		catch (IllegalStateException ex) {
			// unmapped by a close that did not wait for this thread (it was interrupted)
		}
	}

}
