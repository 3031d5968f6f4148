package dev.kolejka.pool.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import dev.kolejka.task.TaskProvider;

/** Tasks that report on the child running them, for the pool's tests. */
public final class ProbeTasks implements TaskProvider {

	@Override
	public List<Class<? extends Task<?>>> tasks() {
		return List.of(WhoAmI.class, RacingCounter.class, Throwing.class);
	}

	/** Returns the child's pid and what the initializer left behind. */
	@TaskName("test-who-am-i")
	public record WhoAmI(int tag) implements Task<WhoAmI.Answer> {

		@Override
		public Answer run(TaskContext context) {
			return new Answer(this.tag, ProcessHandle.current().pid(),
					System.getProperty(MarkingInitializer.PROPERTY, "none"));
		}

		public record Answer(int tag, long pid, String initialized) {
		}

	}

	/** The course's race: many threads adding to one counter at once. */
	@TaskName("test-racing-counter")
	public record RacingCounter(String counter, int threads, int addsPerThread) implements Task<Integer> {

		@Override
		public Integer run(TaskContext context) throws InterruptedException {
			var started = new AtomicInteger();
			var workers = new ArrayList<Thread>();
			for (int i = 0; i < this.threads; i++) {
				workers.add(Thread.ofPlatform().start(() -> {
					started.incrementAndGet();
					for (int n = 0; n < this.addsPerThread; n++) {
						context.counter(this.counter).add(1);
					}
				}));
			}
			for (Thread worker : workers) {
				worker.join();
			}
			return started.get();
		}

	}

	/** Throws an {@code Error}, not an {@code Exception}: what a broken plugin does. */
	@TaskName("test-throwing")
	public record Throwing(String kind) implements Task<Integer> {

		@Override
		public Integer run(TaskContext context) {
			switch (this.kind) {
				case "assertion" -> throw new AssertionError("an assertion failed in the task");
				case "linkage" -> throw new NoClassDefFoundError("com/example/MissingFromThePluginJar");
				default -> throw new IllegalArgumentException("no such kind: " + this.kind);
			}
		}

	}

	/** An initializer that fails: no child of its pool ever becomes ready. */
	public static final class FailingInitializer implements ChildInitializer {

		@Override
		public void initialize() {
			throw new IllegalStateException("this initializer always fails");
		}

	}

	/** Marks the child so that tasks can prove the initializer ran there. */
	public static final class MarkingInitializer implements ChildInitializer {

		static final String PROPERTY = "kolejka.test.initialized";

		@Override
		public void initialize() {
			System.setProperty(PROPERTY, "by-" + ProcessHandle.current().pid());
		}

	}

}
