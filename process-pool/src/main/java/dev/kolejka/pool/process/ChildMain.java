package dev.kolejka.pool.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.codec.TaskCodec;
import dev.kolejka.task.TaskValidation;
import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobId;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import org.jspecify.annotations.Nullable;

/**
 * A child of the process pool. Its stdout carries the protocol, so anything a task prints
 * goes to stderr (the worker's log) instead. It runs one task at a time, and exits as
 * soon as its stdin closes or its parent dies, whatever it is doing: a child never
 * outlives its pool.
 */
public final class ChildMain {

	static final long HEARTBEAT_MILLIS = 100;

	private ChildMain() {
	}

	public static void main(String[] args) throws Exception {
		DataOutputStream protocol = new DataOutputStream(
				new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
		System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
		Map<String, String> options = parse(args);
		dieWithParent(options.get("parent"));
		int slot = Integer.parseInt(options.get("slot"));
		var settings = new TaskSettings(Boolean.parseBoolean(options.get("chaos")));
		int maxBytes = Integer.parseInt(options.get("max-bytes"));
		TaskRegistry registry = TaskRegistry.load(settings);
		TaskCodec codec = new ForyTaskCodec(registry, maxBytes);
		TaskValidation validation = TaskValidation.orTypesOnly(registry);
		Scoreboard scoreboard = Scoreboard.attach(Path.of(options.get("scoreboard")),
				Integer.parseInt(options.get("slots")));
		Thread.ofPlatform().daemon().name("kolejka-heartbeat").start(() -> beat(scoreboard, slot));
		String initializer = options.get("initializer");
		if (initializer != null && !initializer.isBlank()) {
			Class.forName(initializer).asSubclass(ChildInitializer.class).getConstructor().newInstance().initialize();
		}
		BlockingQueue<Frames.TaskFrame> runs = new LinkedBlockingQueue<>();
		var in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
		Thread.ofPlatform().daemon().name("kolejka-pipe-reader").start(() -> read(in, runs, maxBytes));
		Frames.writeReady(protocol, ProcessHandle.current().pid());
		scoreboard.idle(slot);
		while (true) {
			Frames.TaskFrame run = runs.take();
			scoreboard.busy(slot, run.jobId());
			execute(run, codec, validation, protocol);
			scoreboard.taskDone(slot);
			if (runs.isEmpty()) {
				scoreboard.idle(slot);
				protocol.flush();
			}
		}
	}

	/**
	 * Whatever the task throws, {@code Error}s included (an {@code AssertionError}, a
	 * {@code LinkageError} from a plugin jar), is its failure: it is answered as
	 * {@code EXCEPTION} and the child takes the next task. An exhausted heap never gets
	 * here: {@code -XX:+ExitOnOutOfMemoryError} ends the child first. A task that fails
	 * validation never runs: the parent checked it too, but a child trusts no bytes
	 * either.
	 */
	private static void execute(Frames.TaskFrame run, TaskCodec codec, TaskValidation validation,
			DataOutputStream protocol) throws IOException {
		long start = System.nanoTime();
		Object result;
		ChildContext context;
		try {
			Task<?> task = codec.decode(run.task(), Task.class);
			Optional<String> invalid = validation.task(task);
			if (invalid.isPresent()) {
				Frames.writeFailed(protocol, run.seq(), System.nanoTime() - start,
						JobError.invalid("Refused by the child: " + invalid.get()));
				return;
			}
			context = new ChildContext(new JobId(run.jobId()), run.attempt());
			result = task.run(context);
		}
		catch (Throwable ex) {
			Frames.writeFailed(protocol, run.seq(), System.nanoTime() - start, JobError.of(ex));
			return;
		}
		byte[] encoded;
		try {
			encoded = (result != null) ? codec.encode(result) : null;
		}
		catch (Throwable ex) {
			Frames.writeFailed(protocol, run.seq(), System.nanoTime() - start, new JobError(ErrorType.EXCEPTION,
					"The result of type " + result.getClass().getName() + " cannot travel back to the worker: " + ex,
					null));
			return;
		}
		Frames.writeOk(protocol, run.seq(), System.nanoTime() - start, encoded, context.counterDeltas());
	}

	private static void read(DataInputStream in, BlockingQueue<Frames.TaskFrame> runs, int maxBytes) {
		try {
			while (true) {
				runs.addAll(Frames.readRun(in, maxBytes));
			}
		}
		catch (EOFException ex) {
			// the pool closed our stdin: retire now, even mid-task (it would only be
			// killed)
			Runtime.getRuntime().halt(0);
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("kolejka child " + ProcessHandle.current().pid() + ": broken pipe protocol: " + ex);
			Runtime.getRuntime().halt(2);
		}
	}

	/**
	 * The pipe closing is the main signal; this covers a parent that dies while another
	 * process still holds the pipe open.
	 */
	private static void dieWithParent(@Nullable String parentPid) {
		// the pool that launched this child, by pid: if it died while this JVM was still
		// booting, the child has been re-parented, and watching its current parent would
		// wait for ever
		Optional<ProcessHandle> parent = (parentPid != null) ? ProcessHandle.of(Long.parseLong(parentPid))
				: ProcessHandle.current().parent();
		if (parent.isEmpty() || !parent.get().isAlive()) {
			Runtime.getRuntime().halt(0);
		}
		parent.get().onExit().thenRun(() -> Runtime.getRuntime().halt(0));
	}

	private static void beat(Scoreboard scoreboard, int slot) {
		while (true) {
			scoreboard.beat(slot);
			try {
				TimeUnit.MILLISECONDS.sleep(HEARTBEAT_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private static Map<String, String> parse(String[] args) {
		var options = new HashMap<String, String>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 2) {
				options.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
		}
		return options;
	}

}
