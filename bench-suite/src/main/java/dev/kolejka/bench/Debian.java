package dev.kolejka.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the Debian packages a peer needs when they are missing, the way the peers' own
 * harness does ({@code apt-get install -y --no-install-recommends}).
 */
final class Debian {

	private final Commands commands;

	Debian(Commands commands) {
		this.commands = commands;
	}

	/**
	 * Installs whichever of the packages are missing; fails with apt's words if it
	 * cannot.
	 */
	void ensure(List<String> packages) {
		List<String> missing = new ArrayList<>();
		for (String name : packages) {
			var query = this.commands.attempt("dpkg-" + name, Duration.ofSeconds(30),
					List.of("dpkg-query", "-W", "-f=${Status}", name));
			if (!query.output().contains("install ok installed")) {
				missing.add(name);
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		System.out.println("installing Debian packages: " + String.join(" ", missing));
		this.commands.attempt("apt-get-update", Duration.ofMinutes(5), List.of("apt-get", "update", "-qq"));
		List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
		install.addAll(missing);
		this.commands.run("apt-get-install", Duration.ofMinutes(10), install);
	}

}
