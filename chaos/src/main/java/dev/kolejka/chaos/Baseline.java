package dev.kolejka.chaos;

/**
 * Measurements taken after the warm-up, before the first fault, to compare with at the
 * end.
 *
 * @param witnessPid the worker no fault touches
 * @param witnessThreads its platform threads
 * @param witnessHeap its heap after a full GC, bytes
 * @param apiPid the API's JVM
 * @param apiHeap its heap after a full GC, bytes
 * @param apiFutures live {@code CompletableFuture}s in the API: long-poll waiters among
 * them
 */
record Baseline(long witnessPid, int witnessThreads, long witnessHeap, long apiPid, long apiHeap, long apiFutures) {

	static final String FUTURE = "java.util.concurrent.CompletableFuture";

	static Baseline take(Cluster cluster, Probe probe) {
		long witness = cluster.pid(cluster.witness())
			.orElseThrow(
					() -> new IllegalStateException("The witness worker " + cluster.witness() + " is not running"));
		long api = cluster.apiPid();
		return new Baseline(witness, probe.threads(witness), probe.heapAfterGc(witness), api, probe.heapAfterGc(api),
				probe.instances(api, FUTURE));
	}

}
