package dev.kolejka.system.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports, held until all are chosen so that no two are the same: any free
 * ports, or consecutive ones from the system property {@code kolejka.it.port-base} when
 * set (to keep a run within a range of ports agreed on a shared machine).
 */
final class PortReservation implements AutoCloseable {

	private final List<ServerSocket> held = new ArrayList<>();

	private int nextFixed = Integer.getInteger("kolejka.it.port-base", 0);

	String next() throws IOException {
		return String.valueOf(hold(fixedOrAny()).getLocalPort());
	}

	private int fixedOrAny() {
		return (this.nextFixed != 0) ? this.nextFixed++ : 0;
	}

	/**
	 * A free port whose successor is free too (worker-1 and worker-2 use base and base +
	 * 1).
	 */
	String nextPair() throws IOException {
		for (int attempt = 0; attempt < 100; attempt++) {
			ServerSocket first = hold(fixedOrAny());
			if (first.getLocalPort() == 65535) {
				continue;
			}
			try {
				hold(first.getLocalPort() + 1);
				this.nextFixed += (this.nextFixed != 0) ? 1 : 0;
				return String.valueOf(first.getLocalPort());
			}
			catch (IOException busy) {
				// try another base
			}
		}
		throw new IOException("no two consecutive free ports found");
	}

	private ServerSocket hold(int port) throws IOException {
		ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
		this.held.add(socket);
		return socket;
	}

	@Override
	public void close() throws IOException {
		for (ServerSocket socket : this.held) {
			socket.close();
		}
	}

}
