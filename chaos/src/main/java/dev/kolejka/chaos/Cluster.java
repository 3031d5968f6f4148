package dev.kolejka.chaos;

import java.util.List;
import java.util.OptionalLong;

/**
 * The stack under test as the soak sees it: where the API and the broker are, and which
 * processes the nemesis may take down and bring back. {@code ./kolejka chaos} drives the
 * launcher's processes; the system test drives workers it started itself.
 */
public interface Cluster {

	/** Base URL of the API, e.g. {@code http://127.0.0.1:8080}. */
	String apiUrl();

	/** The bearer key to send (the API may ignore it). */
	String apiKey();

	String bootstrapServers();

	String topicPrefix();

	/** What the nemesis may take down; the witness worker is never among them. */
	List<Target> victims();

	/**
	 * The worker no fault ever touches: its threads and heap are measured over the whole
	 * soak.
	 */
	String witness();

	/** The process id of a named process, empty while it is down. */
	OptionalLong pid(String name);

	/** The API's process id (in the system test: the test's own JVM). */
	long apiPid();

	/** Names of the workers that should be running. */
	List<String> workers();

	/** SIGKILL, and wait until it is gone. */
	void kill(Target target) throws InterruptedException;

	/** SIGTERM, and wait until it has drained and left (SIGKILL after a long grace). */
	void terminate(Target target) throws InterruptedException;

	/** Starts it again and waits until it is healthy. */
	void restart(Target target) throws InterruptedException;

	/** A process the nemesis may hit. */
	record Target(String name, Role role) {
	}

	/** What a process is. */
	enum Role {

		WORKER, API, BROKER

	}

}
