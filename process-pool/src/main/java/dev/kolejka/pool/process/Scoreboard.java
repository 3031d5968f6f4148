package dev.kolejka.pool.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A memory-mapped file shared by a pool and its children, the
 * {@code multiprocessing.Value/Array} of Kolejka: one 64-byte slot per child holding its
 * state, pid, current job, tasks done and heartbeat.
 *
 * <p>
 * Who writes what, so that no field ever has two writers at once: the parent writes a
 * slot only while no child of it is running — {@link #launching} before it starts one
 * (state {@code STARTING}, tasks done 0, heartbeat now) and {@link #empty} once that
 * child has exited or been killed — plus the pid ({@link #launched}), which the child
 * never writes. In between, the child alone writes: its main thread the state
 * ({@code IDLE}/{@code BUSY}), the job and the tasks done (a read-modify-write, safe
 * because it is that thread's alone), its heartbeat thread the heartbeat. Every access is
 * a volatile access of an aligned long, so a reader in either process sees whole values
 * without a lock or a round trip through the pipes; a reader may see a slot mid-update (a
 * new state with the previous job), never a torn value.
 */
final class Scoreboard implements AutoCloseable {

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

	private static final long SLOT_BYTES = 64;

	private static final long STATE = 0;

	private static final long PID = 8;

	private static final long JOB_HIGH = 16;

	private static final long JOB_LOW = 24;

	private static final long TASKS_DONE = 32;

	private static final long HEARTBEAT = 40;

	private final Path file;

	private final int slots;

	private final Arena arena;

	private final MemorySegment memory;

	private final boolean owner;

	private Scoreboard(Path file, int slots, boolean owner) throws IOException {
		this.file = file;
		this.slots = slots;
		this.owner = owner;
		this.arena = Arena.ofShared();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			this.memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, slots * SLOT_BYTES, this.arena);
		}
		catch (IOException | RuntimeException ex) {
			this.arena.close();
			throw ex;
		}
	}

	/** Creates a zeroed scoreboard for {@code slots} children; the pool owns the file. */
	static Scoreboard create(int slots) throws IOException {
		Path file = Files.createTempFile("kolejka-scoreboard-", ".bin");
		file.toFile().deleteOnExit();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(0);
			channel.write(java.nio.ByteBuffer.allocate((int) (slots * SLOT_BYTES)));
		}
		return new Scoreboard(file, slots, true);
	}

	/** Maps the pool's scoreboard into a child. */
	static Scoreboard attach(Path file, int slots) throws IOException {
		return new Scoreboard(file, slots, false);
	}

	Path file() {
		return this.file;
	}

	int slots() {
		return this.slots;
	}

	/** Before a child of this slot is launched: no child writes it yet. */
	void launching(int slot) {
		set(slot, PID, 0);
		set(slot, TASKS_DONE, 0);
		set(slot, HEARTBEAT, System.currentTimeMillis());
		set(slot, STATE, ChildState.STARTING.ordinal());
	}

	/** The launched child's pid: a field only the parent writes. */
	void launched(int slot, long pid) {
		set(slot, PID, pid);
	}

	/** After the slot's child has exited or been killed, or when it never launched. */
	void empty(int slot) {
		set(slot, STATE, ChildState.EMPTY.ordinal());
		set(slot, PID, 0);
	}

	void busy(int slot, UUID job) {
		set(slot, JOB_HIGH, job.getMostSignificantBits());
		set(slot, JOB_LOW, job.getLeastSignificantBits());
		set(slot, STATE, ChildState.BUSY.ordinal());
	}

	void idle(int slot) {
		set(slot, STATE, ChildState.IDLE.ordinal());
	}

	void taskDone(int slot) {
		set(slot, TASKS_DONE, get(slot, TASKS_DONE) + 1);
	}

	void beat(int slot) {
		set(slot, HEARTBEAT, System.currentTimeMillis());
	}

	ChildSnapshot read(int slot) {
		ChildState state = ChildState.of(get(slot, STATE));
		@Nullable UUID job = (state == ChildState.BUSY) ? new UUID(get(slot, JOB_HIGH), get(slot, JOB_LOW)) : null;
		return new ChildSnapshot(slot, state, get(slot, PID), job, get(slot, TASKS_DONE),
				Instant.ofEpochMilli(get(slot, HEARTBEAT)));
	}

	List<ChildSnapshot> readAll() {
		var all = new ArrayList<ChildSnapshot>(this.slots);
		for (int slot = 0; slot < this.slots; slot++) {
			all.add(read(slot));
		}
		return all;
	}

	private long offset(int slot, long field) {
		if (slot < 0 || slot >= this.slots) {
			throw new IndexOutOfBoundsException("No scoreboard slot " + slot + " of " + this.slots);
		}
		return slot * SLOT_BYTES + field;
	}

	private void set(int slot, long field, long value) {
		LONG.setVolatile(this.memory, offset(slot, field), value);
	}

	private long get(int slot, long field) {
		return (long) LONG.getVolatile(this.memory, offset(slot, field));
	}

	@Override
	public void close() {
		this.arena.close();
		if (this.owner) {
			try {
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				// a temp file left behind is harmless; deleteOnExit tries again
			}
		}
	}

}
