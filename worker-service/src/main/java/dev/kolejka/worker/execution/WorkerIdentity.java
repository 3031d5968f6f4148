package dev.kolejka.worker.execution;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.kolejka.worker.config.WorkerProperties;
import org.springframework.stereotype.Component;

/** Who this worker is, as job metadata reports it. */
@Component
public class WorkerIdentity {

	private final String id;

	private final long pid = ProcessHandle.current().pid();

	WorkerIdentity(WorkerProperties properties) {
		this.id = (properties.id() != null && !properties.id().isBlank()) ? properties.id() : host() + "-" + this.pid;
	}

	public String id() {
		return this.id;
	}

	public long pid() {
		return this.pid;
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
