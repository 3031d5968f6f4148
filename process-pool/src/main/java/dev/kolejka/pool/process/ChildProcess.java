package dev.kolejka.pool.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One child JVM seen from its parent: its pipes spoken in {@link Frames}, and its death.
 * Only its slot's dispatcher thread reads and writes the pipes; any thread may
 * {@link #kill} it.
 */
final class ChildProcess {

	/**
	 * Exit code of a JVM that ran out of heap under {@code -XX:+ExitOnOutOfMemoryError}.
	 */
	static final int HEAP_EXHAUSTED = 3;

	/** {@link #reap} could not learn the exit code. */
	static final int UNKNOWN_EXIT = -1;

	private final Process process;

	private final long pid;

	private final DataInputStream in;

	private final DataOutputStream out;

	private int tasksRun;

	private volatile @Nullable String killedBecause;

	private ChildProcess(Process process) {
		this.process = process;
		this.pid = process.pid();
		this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
		this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
	}

	/** Launches a child; its stderr is the parent's. */
	static ChildProcess launch(List<String> command) throws IOException {
		return new ChildProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
	}

	long pid() {
		return this.pid;
	}

	int tasksRun() {
		return this.tasksRun;
	}

	/** Blocks until the child says it is ready (its initializer ran). */
	void awaitReady() throws IOException {
		Frames.readReady(this.in);
	}

	void send(List<Frames.TaskFrame> tasks) throws IOException {
		Frames.writeRun(this.out, tasks);
	}

	Frames.Answer readAnswer(int maxBytes) throws IOException {
		Frames.Answer answer = Frames.readAnswer(this.in, maxBytes);
		this.tasksRun++;
		return answer;
	}

	/** SIGKILL, remembering the first reason. */
	void kill(String why) {
		if (this.killedBecause == null) {
			this.killedBecause = why;
		}
		this.process.destroyForcibly();
	}

	@Nullable String killedBecause() {
		return this.killedBecause;
	}

	/**
	 * Whether the next chunk may go to this child: not once it was killed (even if its
	 * last answer got out first) nor once it died.
	 */
	boolean isUsable() {
		return this.killedBecause == null && this.process.isAlive();
	}

	/**
	 * Waits for a child whose pipe broke and returns its exit code. One that broke the
	 * pipe by exiting gets a moment to report its own code ({@link #HEAP_EXHAUSTED}, say)
	 * before a kill would mask it as 137.
	 */
	int reap() {
		try {
			if (!this.process.waitFor(2, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			return this.process.waitFor(5, TimeUnit.SECONDS) ? this.process.exitValue() : UNKNOWN_EXIT;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			return UNKNOWN_EXIT;
		}
		finally {
			closeInput();
		}
	}

	/**
	 * Closes its stdin, which tells it to exit, and waits for it to be gone (killing it
	 * after a few seconds), so that its slot on the scoreboard is the parent's again.
	 */
	void retire() {
		closeInput();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** Kills a child that never became ready; its exit code when it has one soon. */
	String abandon() {
		this.process.destroyForcibly();
		try {
			return this.process.waitFor(5, TimeUnit.SECONDS) ? " (exit code " + this.process.exitValue() + ")" : "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private void closeInput() {
		try {
			this.out.close();
		}
		catch (IOException ex) {
			// the child is gone already
		}
	}

}
