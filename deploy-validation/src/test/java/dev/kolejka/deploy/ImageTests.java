package dev.kolejka.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container images as Jib builds them, checked without an engine: the build writes
 * each image (on an empty base instead of Temurin, the rest identical) to a tar in the
 * app's target/, and this reads its configuration and layers, then runs the process pool
 * from the worker image's own class path to show child JVMs start there.
 */
class ImageTests {

	private final Tool tar = Tool.require("tar", "apt-get install tar");

	@ParameterizedTest
	@CsvSource({ "api-service, dev.kolejka.api.ApiApplication, 8080/tcp, -XX:MaxRAMPercentage=70",
			"worker-service, dev.kolejka.worker.WorkerApplication, 8091/tcp, -XX:MaxRAMPercentage=40" })
	void imageRunsTheAppAsNonRootWithContainerAwareFlags(String module, String main, String port, String heap,
			@TempDir Path dir) throws IOException {
		JsonNode config = unpack(module, dir).config();

		assertThat(config.at("/config/User").asText()).isEqualTo("1000:1000");
		assertThat(entrypoint(config)).startsWith("java")
			.contains(heap, "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", "-cp",
					"@/app/jib-classpath-file")
			.endsWith(main)
			.noneMatch((flag) -> flag.startsWith("-Xmx"));
		assertThat(config.at("/config/ExposedPorts").has(port)).isTrue();
	}

	@Test
	void layersKeepDependenciesApartFromTheAppsOwnClasses(@TempDir Path dir) throws IOException {
		Image image = unpack("worker-service", dir);

		assertThat(image.layers()).as("dependencies, snapshot dependencies, resources, classes, jib files")
			.hasSizeGreaterThanOrEqualTo(4);
		assertThat(image.root().resolve("app/classes/dev/kolejka/worker/WorkerApplication.class")).isRegularFile();
		assertThat(image.root().resolve("app/resources/kolejka-worker.yml")).isRegularFile();
		assertThat(Files.readString(image.root().resolve("app/jib-classpath-file")))
			.contains("/app/libs/kolejka-process-pool-", "/app/libs/kolejka-shared-")
			.doesNotContain("BOOT-INF");
	}

	@Test
	void processPoolChildrenStartFromTheWorkerImagesClassPath(@TempDir Path dir) throws IOException {
		Image image = unpack("worker-service", dir);
		String classPath = Files.readString(image.root().resolve("app/jib-classpath-file"))
			.strip()
			.replace("/app/", image.root().resolve("app") + "/");
		var command = new ArrayList<String>();
		entrypoint(image.config()).stream()
			.filter((flag) -> flag.startsWith("-XX:") || flag.startsWith("--"))
			.forEach(command::add);
		command.addAll(List.of("-cp", classPath,
				Path.of("src/test/image-check/ImageProcessPoolCheck.java").toAbsolutePath().toString()));

		var java = new Tool("java", Path.of(System.getProperty("java.home"), "bin", "java"));
		var result = java.run(dir, command.toArray(String[]::new));

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.output()).as(result.toString()).contains("result=[3, 1, 4]", "tasksDone=1");
	}

	private static List<String> entrypoint(JsonNode config) {
		var entrypoint = new ArrayList<String>();
		config.at("/config/Entrypoint").forEach((part) -> entrypoint.add(part.asText()));
		return entrypoint;
	}

	/**
	 * Unpacks the image tar (docker load format) and each of its layers into
	 * {@code dir/root}.
	 */
	private Image unpack(String module, Path dir) throws IOException {
		Path imageTar = Tool.REPO.resolve(module).resolve("target/jib-image.tar");
		assertThat(imageTar).as("built by the app's package phase (jib:buildTar)").isRegularFile();
		Path image = Files.createDirectories(dir.resolve("image"));
		Path root = Files.createDirectories(dir.resolve("root"));
		expectSuccess(this.tar.run(dir, "-xf", imageTar.toString(), "-C", image.toString()));
		JsonNode manifest = StrictBinding.MAPPER.readTree(image.resolve("manifest.json").toFile()).get(0);
		var layers = new ArrayList<String>();
		manifest.get("Layers").forEach((layer) -> layers.add(layer.asText()));
		for (String layer : layers) {
			expectSuccess(this.tar.run(dir, "-xzf", image.resolve(layer).toString(), "-C", root.toString()));
		}
		JsonNode config = StrictBinding.MAPPER.readTree(image.resolve(manifest.get("Config").asText()).toFile());
		return new Image(config, layers, root);
	}

	private static void expectSuccess(Tool.Result result) {
		assertThat(result.exitCode()).as(result.toString()).isZero();
	}

	private record Image(JsonNode config, List<String> layers, Path root) {
	}

}
