package dev.kolejka.task.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Where {@code http-get} may go: only to a host on the allow-list ({@code host} or
 * {@code host:port}), and only when every address that host resolves to is public. Never
 * to loopback, link-local (which holds the cloud metadata address 169.254.169.254),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7 including AWS's fd00:ec2::254), carrier
 * NAT (100.64/10), unspecified or multicast addresses, nor IPv4 addresses hidden in IPv6
 * forms. The one exception is an allow-list entry that is itself an IP literal: an
 * operator who writes {@code 10.0.0.5} means it.
 */
public final class AddressPolicy {

	/** Read by workers and their child JVMs alike: comma-separated allow-list entries. */
	public static final String ENVIRONMENT = "KOLEJKA_HTTP_GET_ALLOW";

	/** The same, as a system property (for a JVM whose environment cannot be set). */
	public static final String PROPERTY = "kolejka.http-get.allow";

	private final Set<String> allowed;

	public AddressPolicy(List<String> allowed) {
		this.allowed = allowed.stream()
			.map(String::strip)
			.filter((entry) -> !entry.isEmpty())
			.map((entry) -> entry.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	/** The policy configured for this process; empty (nothing allowed) by default. */
	public static AddressPolicy configured() {
		String entries = System.getProperty(PROPERTY, System.getenv().getOrDefault(ENVIRONMENT, ""));
		return new AddressPolicy(Arrays.asList(entries.split(",")));
	}

	/**
	 * The addresses {@code uri} may be fetched from.
	 * @throws RefusedException why it may not
	 */
	public List<InetAddress> check(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new RefusedException("only http and https URLs are fetched");
		}
		String host = host(uri);
		int port = (uri.getPort() != -1) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
		if (!this.allowed.contains(host) && !this.allowed.contains(host + ":" + port)) {
			throw new RefusedException("host " + host + " is not on the allow-list (" + ENVIRONMENT + ")");
		}
		boolean literal = isLiteral(host);
		List<InetAddress> addresses = resolve(host);
		for (InetAddress address : addresses) {
			if (!literal && !isPublic(address)) {
				throw new RefusedException(
						host + " resolves to " + address.getHostAddress() + ", which is not a public address");
			}
		}
		return addresses;
	}

	/** Whether {@code address} is on the public internet. */
	public static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			return isPublicV4(bytes);
		}
		if (address instanceof Inet6Address) {
			if ((bytes[0] & 0xFE) == 0xFC) {
				return false; // unique local fc00::/7 (AWS metadata fd00:ec2::254)
			}
			byte[] embedded = embeddedV4(bytes);
			return embedded == null || isPublicV4(embedded);
		}
		return false;
	}

	private static boolean isPublicV4(byte[] b) {
		int first = b[0] & 0xFF;
		int second = b[1] & 0xFF;
		return !(first == 0 || first == 10 || first == 127 || (first == 169 && second == 254)
				|| (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
				|| (first == 100 && second >= 64 && second <= 127) || first >= 224);
	}

	/**
	 * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible
	 * (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address.
	 */
	private static byte @Nullable [] embeddedV4(byte[] b) {
		boolean zeros = true;
		for (int i = 0; i < 10; i++) {
			zeros &= b[i] == 0;
		}
		boolean mapped = zeros && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
		boolean compatible = zeros && b[10] == 0 && b[11] == 0;
		boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF
				&& (b[3] & 0xFF) == 0x9B;
		return (mapped || compatible || nat64) ? Arrays.copyOfRange(b, 12, 16) : null;
	}

	private static String host(URI uri) {
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new RefusedException("the URL has no host");
		}
		host = host.toLowerCase(Locale.ROOT);
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	private static boolean isLiteral(String host) {
		return host.contains(":") || host.matches("[0-9.]+");
	}

	private static List<InetAddress> resolve(String host) {
		try {
			return List.of(InetAddress.getAllByName(host));
		}
		catch (UnknownHostException ex) {
			throw new RefusedException("cannot resolve " + host);
		}
	}

	/** A fetch the policy refuses; the message says why, naming no internals. */
	public static final class RefusedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		public RefusedException(String message) {
			super(message);
		}

	}

}
