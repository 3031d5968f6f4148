package dev.kolejka.pool.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data-sharing archive of what a child loads to get ready, so that every child
 * after the first starts from mapped, pre-parsed classes: on this project's 2-core
 * machine a child is ready in about 0.5 s on 1 CPU-second instead of 1 s on 1.7 (from a
 * plain class path; 2 s on 3.2 from a Boot fat jar, whose nested classes no archive can
 * hold). Each hard timeout costs a child, so this is what a kill costs.
 *
 * <p>
 * The archive is made once per class path (its name is a hash of the JVM, the class path
 * and each entry's size and time), by one extra child started with
 * {@code -XX:ArchiveClassesAtExit} that is told to exit as soon as it is ready: children
 * that die by SIGKILL, as timed-out ones do, never write the archive themselves. Until it
 * exists, children start without it. It is written to a temporary name and moved into
 * place, so a child never maps a half-written archive, and a JVM that finds the archive
 * unusable (another JDK build, say) just starts without it.
 */
final class ClassDataArchive {

	private static final Logger log = LoggerFactory.getLogger(ClassDataArchive.class);

	private final @Nullable Path file;

	private volatile boolean ready;

	/** The child making the archive; guarded by {@code this}. */
	private @Nullable Process trainer;

	/** The pool is closing: no child may start making the archive now. */
	private boolean stopped;

	private ClassDataArchive(@Nullable Path file) {
		this.file = file;
		this.ready = file != null && Files.isRegularFile(file);
	}

	/** No archive: a fat jar's classes cannot be archived. */
	static ClassDataArchive none() {
		return new ClassDataArchive(null);
	}

	static ClassDataArchive forClassPath(String classPath) {
		return new ClassDataArchive(Path.of(System.getProperty("java.io.tmpdir"),
				"kolejka-cds-" + System.getProperty("user.name", "user"), "child-" + hash(classPath) + ".jsa"));
	}

	/** What a child starts with: the archive once it exists. */
	List<String> jvmArgs() {
		Path archive = this.file;
		if (!this.ready || archive == null) {
			return List.of();
		}
		return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
	}

	/**
	 * Makes the archive on a background thread if it does not exist yet.
	 * @param command a child's command line, to which the dump flag is added
	 */
	void createInBackground(List<String> command) {
		Path archive = this.file;
		if (this.ready || archive == null) {
			return;
		}
		Thread.ofPlatform().name("kolejka-child-archive").daemon().start(() -> create(archive, command));
	}

	/** Stops a child still making the archive, and waits for it: the pool is closing. */
	void stop() {
		Process current;
		synchronized (this) {
			this.stopped = true;
			current = this.trainer;
		}
		if (current != null) {
			try {
				current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private synchronized @Nullable Process launch(List<String> command) throws IOException {
		if (this.stopped) {
			return null;
		}
		this.trainer = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		return this.trainer;
	}

	private void create(Path archive, List<String> command) {
		Path temporary = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
		try (Scoreboard scratch = Scoreboard.create(1)) {
			Files.createDirectories(archive.getParent());
			var dump = new ArrayList<>(command);
			dump.add(1, "-XX:ArchiveClassesAtExit=" + temporary);
			dump.add(2, "-Xlog:cds=off");
			Process process = launch(withScoreboard(dump, scratch));
			if (process == null) {
				return;
			}
			// ready (one byte of its ready frame), then stdin closed: it exits, writing
			// the archive
			if (process.getInputStream().read() < 0 || !closeAndWait(process)) {
				process.destroyForcibly();
				return;
			}
			if (Files.size(temporary) > 0) {
				Files.move(temporary, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				this.ready = true;
				log.debug("Children now start from the class-data archive {}", archive);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.info("No class-data archive for the process pool's children ({}); they start without one",
					ex.getMessage());
		}
		finally {
			synchronized (this) {
				this.trainer = null;
			}
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException ex) {
				// a stray temporary file in the temp dir is harmless
			}
		}
	}

	private static boolean closeAndWait(Process process) throws IOException {
		process.getOutputStream().close();
		try {
			return process.waitFor(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** The child's own scoreboard arguments, pointed at a scratch board of one slot. */
	private static List<String> withScoreboard(List<String> command, Scoreboard scratch) {
		return command.stream()
			.map((arg) -> arg.startsWith("--slot=") ? "--slot=0"
					: arg.startsWith("--slots=") ? "--slots=1"
							: arg.startsWith("--scoreboard=") ? "--scoreboard=" + scratch.file() : arg)
			.toList();
	}

	private static String hash(String classPath) {
		try {
			var digest = MessageDigest.getInstance("SHA-256");
			digest.update((System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version") + '\n')
				.getBytes(StandardCharsets.UTF_8));
			for (String entry : classPath.split(File.pathSeparator)) {
				File path = new File(entry);
				digest.update((entry + ':' + path.length() + ':' + path.lastModified() + '\n')
					.getBytes(StandardCharsets.UTF_8));
			}
			return HexFormat.of().formatHex(digest.digest(), 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
