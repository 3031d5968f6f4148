package dev.kolejka.pool.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The command line of a child JVM: the same Java and the same class path as this process,
 * so a child knows every task its parent does. A Spring Boot executable jar (the worker
 * as shipped) keeps its classes in nested jars that a plain {@code -cp} cannot see, so
 * such a child starts through Boot's {@code PropertiesLauncher} with {@code loader.main}
 * naming {@link ChildMain}.
 */
final class ChildCommand {

	private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private final List<String> prefix;

	private final ClassDataArchive archive;

	private ChildCommand(List<String> prefix, ClassDataArchive archive) {
		this.prefix = List.copyOf(prefix);
		this.archive = archive;
	}

	static ChildCommand of(ProcessPoolSettings settings) {
		var command = new ArrayList<String>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		if (settings.maxMemoryPerChild() > 0) {
			command.add("-Xmx" + Math.max(1, settings.maxMemoryPerChild() / 1024) + "k");
		}
		// an exhausted heap ends the child at once (exit code 3), so its task is reported
		// lost instead of the child limping on
		command.add("-XX:+ExitOnOutOfMemoryError");
		// one task at a time per child: the serial collector is the lean choice
		command.add("-XX:+UseSerialGC");
		command.addAll(settings.jvmArgs());
		String classPath = System.getProperty("java.class.path");
		command.add("-cp");
		command.add(classPath);
		boolean bootJar = isBootJar(classPath);
		if (bootJar) {
			command.add("-Dloader.main=" + ChildMain.class.getName());
			command.add(BOOT_LAUNCHER);
		}
		else {
			command.add(ChildMain.class.getName());
		}
		// jvmArgs that choose their own sharing (-Xshare:off, an archive) take precedence
		// an archive holds classes from jars only: a class path with directories (a
		// build's
		// target/classes) gets none
		boolean share = !bootJar
				&& Arrays.stream(classPath.split(File.pathSeparator)).allMatch((entry) -> entry.endsWith(".jar"))
				&& settings.jvmArgs()
					.stream()
					.noneMatch((arg) -> arg.startsWith("-Xshare") || arg.contains("SharedArchiveFile")
							|| arg.contains("AOTCache"));
		return new ChildCommand(command, share ? ClassDataArchive.forClassPath(classPath) : ClassDataArchive.none());
	}

	/** Makes the children's class-data archive, once, if it does not exist yet. */
	void prepareArchive(Scoreboard scoreboard, ProcessPoolSettings settings) {
		this.archive.createInBackground(forSlot(0, scoreboard, settings));
	}

	void stopPreparing() {
		this.archive.stop();
	}

	List<String> forSlot(int slot, Scoreboard scoreboard, ProcessPoolSettings settings) {
		var command = new ArrayList<>(this.prefix);
		command.addAll(1, this.archive.jvmArgs());
		command.add("--parent=" + ProcessHandle.current().pid());
		command.add("--slot=" + slot);
		command.add("--slots=" + scoreboard.slots());
		command.add("--scoreboard=" + scoreboard.file());
		command.add("--max-bytes=" + settings.maxRecordBytes());
		command.add("--chaos=" + settings.tasks().chaosEnabled());
		if (settings.initializer() != null) {
			command.add("--initializer=" + settings.initializer());
		}
		return command;
	}

	private static boolean isBootJar(String classPath) {
		if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
			return false;
		}
		try (var jar = new JarFile(classPath)) {
			return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
