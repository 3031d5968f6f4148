package dev.kolejka.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kubectl kustomize}: an overlay rendered to the objects it would apply. */
final class Kustomize {

	/**
	 * Renders are cached: each takes seconds on a busy machine and the tests only read
	 * them.
	 */
	private static final Map<Path, List<Map<String, Object>>> RENDERS = new ConcurrentHashMap<>();

	private Kustomize() {
	}

	static List<Map<String, Object>> render(Path overlay) {
		return RENDERS.computeIfAbsent(overlay, Kustomize::renderNow);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> renderNow(Path overlay) {
		var result = Tool.kubectl().run(Tool.REPO, "kustomize", overlay.toString());
		assertThat(result.exitCode()).as(result.toString()).isZero();
		var options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		var objects = new ArrayList<Map<String, Object>>();
		for (Object document : new Yaml(options).loadAll(result.output())) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return List.copyOf(objects);
	}

}
