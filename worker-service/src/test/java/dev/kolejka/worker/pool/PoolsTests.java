package dev.kolejka.worker.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.kolejka.worker.pool.cpu.CpuPool;
import dev.kolejka.worker.pool.io.IoPool;
import org.junit.jupiter.api.Test;

class PoolsTests {

	@Test
	void cpuPoolNamesItsThreadsAndRunsOnePerProcessorByDefault() throws Exception {
		try (var pool = new CpuPool(0)) {
			Set<String> names = ConcurrentHashMap.newKeySet();
			List<Callable<String>> parts = IntStream.range(0, 100).mapToObj((i) -> (Callable<String>) () -> {
				names.add(Thread.currentThread().getName());
				return "part-" + i;
			}).toList();

			List<String> results = pool.invokeAll(parts);

			assertThat(pool.size()).isEqualTo(Runtime.getRuntime().availableProcessors());
			assertThat(results)
				.containsExactlyElementsOf(IntStream.range(0, 100).mapToObj((i) -> "part-" + i).toList());
			assertThat(names).allSatisfy((name) -> assertThat(name).startsWith("kolejka-cpu-"));
		}
	}

	@Test
	void forkingFromEveryCpuThreadAtOnceDoesNotDeadlock() throws Exception {
		try (var pool = new CpuPool(2)) {
			var done = new CountDownLatch(8);
			for (int job = 0; job < 8; job++) {
				pool.execute(() -> {
					try {
						List<Integer> parts = pool
							.invokeAll(IntStream.range(0, 50)
								.mapToObj((i) -> (Callable<Integer>) () -> pool
									.invokeAll(List.<Callable<Integer>>of(() -> i))
									.getFirst())
								.toList());
						assertThat(parts).hasSize(50);
						done.countDown();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
			}

			assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void ioPoolBoundsConcurrencyWithItsPermitsOnVirtualThreads() {
		try (var pool = new IoPool(3)) {
			var release = new CountDownLatch(1);
			Set<Thread> threads = ConcurrentHashMap.newKeySet();
			for (int i = 0; i < 10; i++) {
				pool.execute(() -> {
					threads.add(Thread.currentThread());
					awaitQuietly(release);
				});
			}

			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(pool.active()).isEqualTo(3);
				assertThat(pool.queued()).isEqualTo(7);
			});
			assertThat(threads).allSatisfy((thread) -> {
				assertThat(thread.isVirtual()).isTrue();
				assertThat(thread.getName()).startsWith("kolejka-io-");
			});
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pool.active()).isZero());
		}
	}

	@Test
	void closingThePoolsEndsEveryThreadTheyRanJobsOnPlatformAndVirtual() {
		var cpu = new CpuPool(2);
		var io = new IoPool(10);
		Set<Thread> used = ConcurrentHashMap.newKeySet();
		var never = new CountDownLatch(1);
		cpu.execute(() -> used.add(Thread.currentThread()));
		for (int i = 0; i < 3; i++) {
			io.execute(() -> {
				used.add(Thread.currentThread());
				awaitQuietly(never);
			});
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> used.size() == 4);

		cpu.close();
		io.close();

		// virtual threads are invisible to Thread.getAllStackTraces: hold them and ask
		assertThat(used).filteredOn(Thread::isVirtual).hasSize(3);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(used).noneMatch(Thread::isAlive));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void offloadRunsCpuWorkOnTheCpuPoolAndLetsAVirtualThreadWait() throws Exception {
		try (var pool = new CpuPool(2)) {
			var caller = new CompletableFuture<String>();
			Thread.ofVirtual().start(() -> {
				try {
					caller.complete(pool.offload(() -> Thread.currentThread().getName()).get());
				}
				catch (Exception ex) {
					caller.completeExceptionally(ex);
				}
			});

			assertThat(caller).succeedsWithin(Duration.ofSeconds(10)).asString().startsWith("kolejka-cpu-");
			assertThat(pool.offload(() -> {
				throw new IllegalStateException("bad input");
			})).failsWithin(Duration.ofSeconds(10))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(IllegalStateException.class);
		}
	}

}
