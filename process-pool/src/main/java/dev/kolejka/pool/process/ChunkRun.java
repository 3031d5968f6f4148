package dev.kolejka.pool.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import org.jspecify.annotations.Nullable;

/**
 * One chunk on one child, on its slot's dispatcher thread: each ticket is taken,
 * admitted, encoded and announced, the chunk goes down the child's stdin as one RUN
 * frame, and the answers come back from its stdout. If anything fails under the chunk
 * (the child dies or is killed, the protocol breaks, or the pool itself throws), every
 * task of it not yet answered ends with the reason; nothing escapes to the dispatcher.
 */
final class ChunkRun {

	private final PoolParts parts;

	private final ChildProcess child;

	private final String thread;

	private final List<Ticket> sent = new ArrayList<>();

	/** The tickets sent, published for the hang watchdog. */
	private volatile List<Ticket> running = List.of();

	ChunkRun(PoolParts parts, ChildProcess child, String thread) {
		this.parts = parts;
		this.child = child;
		this.thread = thread;
	}

	/**
	 * Runs the chunk to its end.
	 * @return false when the child was lost under it: it is reaped and must not be used
	 * again
	 */
	boolean run(List<Ticket> chunk) {
		try {
			List<Frames.TaskFrame> frames = prepare(chunk);
			if (frames.isEmpty()) {
				return true;
			}
			this.child.send(frames);
			for (int answered = 0; answered < frames.size(); answered++) {
				settle(this.child.readAnswer(this.parts.settings().maxRecordBytes()));
			}
			return true;
		}
		catch (Throwable ex) {
			lost(chunk, ex);
			return false;
		}
	}

	/** The watchdog saw this child's heartbeat stop while it ran {@code job}. */
	void killHung(long pid, @Nullable UUID job, Duration silentFor) {
		if (pid != this.child.pid()) {
			return;
		}
		for (Ticket ticket : this.running) {
			if (ticket.work().jobId().equals(job)) {
				ticket.kill(new JobError(ErrorType.WORKER_LOST, "child pid " + pid
						+ " was killed: its heartbeat stopped " + silentFor.toMillis() + " ms ago (hung)", null));
			}
		}
	}

	private List<Frames.TaskFrame> prepare(List<Ticket> chunk) {
		var frames = new ArrayList<Frames.TaskFrame>(chunk.size());
		for (Ticket ticket : chunk) {
			if (this.parts.isTerminating()) {
				// taken from the queue just as the pool began to terminate: never started
				ticket.withdraw(new JobError(ErrorType.WORKER_LOST,
						"the process pool was terminated before the task started", null));
				continue;
			}
			if (!ticket.take() || !ticket.admit()) {
				continue;
			}
			byte[] task = encode(ticket);
			if (task == null || !ticket.send(this.child, this.thread)) {
				continue;
			}
			scheduleDeadline(ticket);
			frames.add(new Frames.TaskFrame(this.sent.size(), ticket.work().jobId(), ticket.work().attempt(), task));
			this.sent.add(ticket);
		}
		this.running = List.copyOf(this.sent);
		return frames;
	}

	private byte @Nullable [] encode(Ticket ticket) {
		try {
			return this.parts.codec().encode(ticket.work().task());
		}
		catch (Throwable ex) {
			// a refused task (too large) or a broken codec fails this task, not the slot
			ticket.settle(new ChildOutcome.Threw(JobError.invalid("The task could not be encoded for a child: " + ex),
					this.child.pid(), Duration.ZERO));
			return null;
		}
	}

	private void scheduleDeadline(Ticket ticket) {
		Duration timeout = ticket.work().timeout();
		if (timeout != null && !Deadline.isForever(timeout)) {
			ticket.deadline(this.parts.timers()
				.schedule(() -> ticket.kill(JobError.timeout(timeout)), Deadline.nanos(timeout), TimeUnit.NANOSECONDS));
		}
	}

	private void settle(Frames.Answer answer) throws IOException {
		if (answer.seq() < 0 || answer.seq() >= this.sent.size()) {
			throw new IOException("answer for unknown task " + answer.seq());
		}
		Ticket ticket = this.sent.get((int) answer.seq());
		Duration run = Duration.ofNanos(Math.max(0, answer.runNanos()));
		ticket.settle(switch (answer) {
			case Frames.Answer.Ok ok -> returned(ok, run);
			case Frames.Answer.Failed failed -> new ChildOutcome.Threw(failed.error(), this.child.pid(), run);
		});
	}

	private ChildOutcome returned(Frames.Answer.Ok ok, Duration run) {
		try {
			Object value = (ok.result() != null) ? this.parts.codec().decode(ok.result(), Object.class) : null;
			return new ChildOutcome.Returned(value, ok.counters(), this.child.pid(), run);
		}
		catch (Throwable ex) {
			return new ChildOutcome.Threw(new JobError(ErrorType.EXCEPTION,
					"The child's result could not be decoded: " + ex.getMessage(), null), this.child.pid(), run);
		}
	}

	private void lost(List<Ticket> chunk, Throwable cause) {
		int exitCode = this.child.reap();
		var reason = new JobError(ErrorType.WORKER_LOST, lostMessage(exitCode, cause), cause.toString());
		for (Ticket ticket : chunk) {
			ticket.abandon(reason, this.child.pid(), this.parts.isTerminating());
		}
	}

	private String lostMessage(int exitCode, Throwable cause) {
		long pid = this.child.pid();
		if (this.parts.isTerminating()) {
			return "the process pool was terminated while child pid " + pid + " ran the task";
		}
		String killed = this.child.killedBecause();
		if (killed != null) {
			return "child pid " + pid + " was killed under the task (" + killed + ")";
		}
		if (!(cause instanceof IOException)) {
			return "the process pool failed while child pid " + pid + " ran the task: " + cause;
		}
		String why = switch (exitCode) {
			case ChildProcess.HEAP_EXHAUSTED -> " (its heap was exhausted; the limit is maxMemoryPerChild="
					+ this.parts.settings().maxMemoryPerChild() + " bytes, 0 meaning the JVM default)";
			case 137 -> " (killed by SIGKILL)";
			case ChildProcess.UNKNOWN_EXIT -> " (it did not exit; killed)";
			default -> "";
		};
		return "child pid " + pid + " exited with code " + exitCode + " while running the task" + why;
	}

}
