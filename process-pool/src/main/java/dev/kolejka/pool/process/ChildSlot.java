package dev.kolejka.pool.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.kolejka.codec.CodecException;
import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place for a child in the pool, with the dispatcher thread that feeds it: takes a
 * chunk from the pool's queue, writes it down the child's stdin, reads the answers from
 * its stdout. When the child dies under a chunk (a crash, an exhausted heap, or a kill
 * for a timeout, a cancel or a hang), every unanswered task of the chunk ends with the
 * reason and a new child takes the slot.
 */
final class ChildSlot implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(ChildSlot.class);

	private final int index;

	private final ProcessPool pool;

	private volatile @Nullable Child child;

	private volatile @Nullable String hungReason;

	ChildSlot(int index, ProcessPool pool) {
		this.index = index;
		this.pool = pool;
	}

	String threadName() {
		return "kolejka-child-" + this.index;
	}

	@Override
	public void run() {
		try {
			while (!this.pool.isTerminated()) {
				if (this.child == null && !startChild()) {
					continue;
				}
				List<Ticket> chunk = this.pool.nextChunk();
				if (chunk == null) {
					if (this.pool.isDrained()) {
						break;
					}
					continue;
				}
				runChunk(chunk);
				Child current = this.child;
				int maxTasks = this.pool.settings().maxTasksPerChild();
				if (current != null && maxTasks > 0 && current.tasksRun >= maxTasks) {
					retire(current);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			Child current = this.child;
			if (current != null) {
				retire(current);
			}
		}
	}

	/** Kills the child if it is still running this ticket's task. */
	void killChild(Ticket ticket) {
		Child current = this.child;
		if (current != null && ticket.isRunningOn(this)) {
			current.process.destroyForcibly();
		}
	}

	/** Kills the child whatever it does: the pool is terminating. */
	void killNow() {
		Child current = this.child;
		if (current != null) {
			current.process.destroyForcibly();
		}
	}

	/** Called by the pool's watchdog: a busy child whose heartbeat stopped. */
	void killHung(Duration silentFor) {
		Child current = this.child;
		if (current != null) {
			this.hungReason = "its heartbeat stopped " + silentFor.toMillis() + " ms ago (hung)";
			current.process.destroyForcibly();
		}
	}

	private boolean startChild() throws InterruptedException {
		Scoreboard scoreboard = this.pool.scoreboard();
		Process process;
		try {
			process = new ProcessBuilder(this.pool.command().forSlot(this.index, scoreboard, this.pool.settings()))
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
		}
		catch (IOException ex) {
			return failStart("could not launch a child JVM: " + ex.getMessage());
		}
		scoreboard.starting(this.index, process.pid());
		var child = new Child(process);
		ScheduledFuture<?> startDeadline = this.pool.timers()
			.schedule(process::destroyForcibly, this.pool.settings().startTimeout().toMillis(), TimeUnit.MILLISECONDS);
		try {
			byte kind = child.in.readByte();
			if (kind != Frames.READY) {
				throw new IOException("the child answered " + kind + " instead of READY");
			}
			child.in.readLong();
			this.child = child;
			this.hungReason = null;
			return true;
		}
		catch (IOException ex) {
			process.destroyForcibly();
			String exit = process.waitFor(5, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
			return failStart(
					"child pid " + process.pid() + " did not start" + exit + "; its output is in the worker's log");
		}
		finally {
			startDeadline.cancel(false);
		}
	}

	/**
	 * A child that cannot start (a broken initializer, say) must not strand the queue:
	 * the next chunk fails with the reason, then the slot tries again a second later.
	 */
	private boolean failStart(String reason) throws InterruptedException {
		log.error("Process pool slot {}: {}", this.index, reason);
		this.pool.scoreboard().empty(this.index);
		List<Ticket> chunk = this.pool.nextChunk();
		if (chunk != null) {
			for (Ticket ticket : chunk) {
				if (ticket.start(this)) {
					ticket.finish(new ChildOutcome.Killed(new JobError(ErrorType.WORKER_LOST, reason, null), 0,
							Duration.ZERO));
				}
			}
		}
		TimeUnit.SECONDS.sleep(1);
		return false;
	}

	private void runChunk(List<Ticket> chunk) {
		Child current = this.child;
		if (current == null) {
			throw new IllegalStateException("no child in slot " + this.index);
		}
		var running = new ArrayList<Ticket>(chunk.size());
		var encoded = new ArrayList<byte[]>(chunk.size());
		for (Ticket ticket : chunk) {
			if (!ticket.start(this)) {
				continue;
			}
			if (!ticket.work().listener().admit()) {
				ticket.drop();
				continue;
			}
			byte[] task;
			try {
				task = this.pool.codec().encode(ticket.work().task());
			}
			catch (RuntimeException | LinkageError ex) {
				// a refused task (too large) or a broken codec fails this task, not the
				// slot
				ticket
					.finish(new ChildOutcome.Threw(JobError.invalid("The task could not be encoded for a child: " + ex),
							current.pid, Duration.ZERO));
				continue;
			}
			running.add(ticket);
			encoded.add(task);
			ticket.work().listener().started(current.pid, threadName());
			Duration timeout = ticket.work().timeout();
			if (timeout != null) {
				ticket.deadline(this.pool.timers()
					.schedule(() -> ticket.kill(JobError.timeout(timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS));
			}
		}
		if (running.isEmpty()) {
			return;
		}
		try {
			current.out.writeByte(Frames.RUN);
			current.out.writeInt(running.size());
			for (int i = 0; i < running.size(); i++) {
				var work = running.get(i).work();
				current.out.writeLong(i);
				current.out.writeLong(work.jobId().getMostSignificantBits());
				current.out.writeLong(work.jobId().getLeastSignificantBits());
				current.out.writeInt(work.attempt());
				Frames.writeBytes(current.out, encoded.get(i));
			}
			current.out.flush();
			for (int answered = 0; answered < running.size(); answered++) {
				readAnswer(current, running);
				current.tasksRun++;
			}
		}
		catch (IOException | RuntimeException ex) {
			childLost(current, running, ex);
		}
	}

	private void readAnswer(Child current, List<Ticket> running) throws IOException {
		byte kind = current.in.readByte();
		int seq = (int) current.in.readLong();
		if (seq < 0 || seq >= running.size()) {
			throw new IOException("answer for unknown task " + seq);
		}
		Ticket ticket = running.get(seq);
		Duration run = Duration.ofNanos(current.in.readLong());
		switch (kind) {
			case Frames.OK -> {
				byte[] result = Frames.readBytes(current.in, this.pool.settings().maxRecordBytes());
				var counters = Frames.readCounters(current.in);
				try {
					Object value = (result != null) ? this.pool.codec().decode(result, Object.class) : null;
					ticket.finish(new ChildOutcome.Returned(value, counters, current.pid, run));
				}
				catch (CodecException ex) {
					ticket.finish(new ChildOutcome.Threw(
							new JobError(ErrorType.EXCEPTION,
									"The child's result could not be decoded: " + ex.getMessage(), null),
							current.pid, run));
				}
			}
			case Frames.FAILED -> {
				String type = Frames.readString(current.in);
				String message = Frames.readString(current.in);
				String detail = Frames.readString(current.in);
				ticket.finish(new ChildOutcome.Threw(
						new JobError(errorType(type), (message != null) ? message : "failed", detail), current.pid,
						run));
			}
			default -> throw new IOException("unexpected frame kind " + kind);
		}
	}

	private void childLost(Child current, List<Ticket> running, Exception cause) {
		Process process = current.process;
		int exitCode;
		try {
			// a child that broke the pipe by exiting gets a moment to report its own exit
			// code (3: heap exhausted) before a kill would mask it as 137
			if (!process.waitFor(2, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			exitCode = process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exitCode = -1;
		}
		String hung = this.hungReason;
		for (Ticket ticket : running) {
			JobError reason = ticket.killReason();
			if (reason == null) {
				reason = new JobError(ErrorType.WORKER_LOST, lostMessage(current.pid, exitCode, hung),
						cause.toString());
			}
			ticket.finish(new ChildOutcome.Killed(reason, current.pid, ticket.elapsed()));
		}
		closeQuietly(current);
		this.child = null;
		this.pool.scoreboard().empty(this.index);
	}

	private String lostMessage(long pid, int exitCode, @Nullable String hung) {
		if (this.pool.isTerminated()) {
			return "the process pool was terminated while child pid " + pid + " ran the task";
		}
		if (hung != null) {
			return "child pid " + pid + " was killed: " + hung;
		}
		String why = switch (exitCode) {
			case 3 -> " (its heap was exhausted; the limit is maxMemoryPerChild="
					+ this.pool.settings().maxMemoryPerChild() + " bytes, 0 meaning the JVM default)";
			case 137 -> " (killed by SIGKILL)";
			case -1 -> " (it did not exit; killed)";
			default -> "";
		};
		return "child pid " + pid + " exited with code " + exitCode + " while running the task" + why;
	}

	private void retire(Child current) {
		closeQuietly(current);
		try {
			if (!current.process.waitFor(5, TimeUnit.SECONDS)) {
				current.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			current.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		this.child = null;
		this.pool.scoreboard().empty(this.index);
	}

	private static void closeQuietly(Child current) {
		try {
			current.out.close();
		}
		catch (IOException ex) {
			// the child is gone already
		}
	}

	private static ErrorType errorType(@Nullable String name) {
		try {
			return (name != null) ? ErrorType.valueOf(name) : ErrorType.EXCEPTION;
		}
		catch (IllegalArgumentException ex) {
			return ErrorType.EXCEPTION;
		}
	}

	private static final class Child {

		private final Process process;

		private final long pid;

		private final DataInputStream in;

		private final DataOutputStream out;

		private int tasksRun;

		Child(Process process) {
			this.process = process;
			this.pid = process.pid();
			this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
			this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
		}

	}

}
