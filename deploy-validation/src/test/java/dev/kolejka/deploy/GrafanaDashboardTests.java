package dev.kolejka.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard's structure (Grafana has no schema to check it against offline):
 * every panel on the 24-column grid without overlaps, unique ids, a query on the
 * provisioned data source, and the panels issue 12 asks for. That its queries name real
 * metrics is DeployMetricsIT's job (system-tests), against a real scrape.
 */
class GrafanaDashboardTests {

	private static final Path GRAFANA = Tool.REPO.resolve("deploy/grafana");

	@Test
	void everyPanelQueriesTheProvisionedDataSourceAndFitsTheGrid() throws IOException {
		JsonNode dashboard = StrictBinding.MAPPER.readTree(GRAFANA.resolve("dashboards/kolejka.json").toFile());
		Map<String, Object> datasources = new Yaml()
			.load(Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yml")));
		String uid = Objects.text(Objects.list(datasources, "datasources").getFirst(), "uid");
		var ids = new HashSet<Integer>();
		var cells = new HashSet<String>();

		assertThat(dashboard.get("uid").asText()).isEqualTo("kolejka");
		for (JsonNode panel : dashboard.get("panels")) {
			assertThat(ids.add(panel.get("id").asInt())).as("unique id %s", panel.get("id")).isTrue();
			assertThat(panel.at("/datasource/uid").asText()).isEqualTo(uid);
			JsonNode grid = panel.get("gridPos");
			assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
			for (int x = grid.get("x").asInt(); x < grid.get("x").asInt() + grid.get("w").asInt(); x++) {
				for (int y = grid.get("y").asInt(); y < grid.get("y").asInt() + grid.get("h").asInt(); y++) {
					assertThat(cells.add(x + "," + y)).as("%s overlaps another panel", panel.get("title")).isTrue();
				}
			}
			assertThat(panel.get("targets")).isNotEmpty()
				.allSatisfy((target) -> assertThat(target.get("expr").asText()).isNotBlank());
		}
		assertThat(dashboard.findValuesAsText("title")).contains("Completed/s by outcome",
				"Throughput per core, per worker and pool", "CPU utilization per worker", "Queue wait percentiles",
				"Run time percentiles by pool", "Consumer lag per worker", "Pool threads / active / queued",
				"Failures and dead letters");
	}

	@Test
	void composeProvisionsTheDashboardFolder() throws IOException {
		Map<String, Object> providers = new Yaml()
			.load(Files.readString(GRAFANA.resolve("provisioning/dashboards/kolejka.yml")));

		assertThat(Objects.text(Objects.list(providers, "providers").getFirst(), "options", "path"))
			.isEqualTo("/var/lib/grafana/dashboards");
		assertThat(Files.readString(Tool.REPO.resolve("docker-compose.yml")))
			.contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
	}

}
