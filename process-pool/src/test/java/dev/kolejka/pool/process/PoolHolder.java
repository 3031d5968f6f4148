package dev.kolejka.pool.process;

import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A parent for the orphan drill: starts a pool, makes sure both children work, prints
 * their pids and waits to be killed.
 */
public final class PoolHolder {

	private PoolHolder() {
	}

	public static void main(String[] args) throws InterruptedException {
		var pool = ProcessPool.start(ProcessPoolSettings.defaults().withProcesses(2));
		pool.map(IntStream.range(0, 8).mapToObj(ProbeTasks.WhoAmI::new).toList(), 1);
		System.out.println("children "
				+ pool.children().stream().map((child) -> Long.toString(child.pid())).collect(Collectors.joining(",")));
		System.out.flush();
		new CountDownLatch(1).await();
	}

}
