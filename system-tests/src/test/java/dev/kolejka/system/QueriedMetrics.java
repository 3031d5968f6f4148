package dev.kolejka.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names that the shipped dashboard and alert rules query, read from the files
 * themselves so a panel added later is checked too.
 *
 * <p>
 * PromQL is reduced to its selectors: string literals, label matchers, range and subquery
 * brackets, and the label lists of {@code by}/{@code without}/{@code on}/
 * {@code ignoring} go first; what remains that is neither a function call, a keyword nor
 * a number is a metric name.
 */
final class QueriedMetrics {

	/** Series that Prometheus makes itself for every target, not the services. */
	static final Set<String> SYNTHETIC = Set.of("up");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "offset", "bool", "inf", "nan");

	private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern GROUPINGS = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private QueriedMetrics() {
	}

	/** Every {@code expr} of the Grafana dashboard's panels. */
	static List<String> dashboardQueries(Path dashboard) {
		JsonNode root = JsonMapper.builder().build().readTree(read(dashboard));
		var queries = new ArrayList<String>();
		for (JsonNode panel : root.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				queries.add(target.get("expr").asString());
			}
		}
		return queries;
	}

	/** Every {@code expr} of the Prometheus rule file's groups. */
	@SuppressWarnings("unchecked")
	static List<String> ruleQueries(Path rules) {
		Map<String, Object> root = new Yaml().load(read(rules));
		var queries = new ArrayList<String>();
		for (Object group : (List<Object>) root.get("groups")) {
			for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
				queries.add(String.valueOf(((Map<String, Object>) rule).get("expr")));
			}
		}
		return queries;
	}

	/** The metric names one PromQL expression selects. */
	static Set<String> metricNames(String promql) {
		String bare = STRINGS.matcher(promql).replaceAll(" ");
		bare = bare.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ");
		bare = GROUPINGS.matcher(bare).replaceAll(" ");
		var names = new TreeSet<String>();
		Matcher identifiers = IDENTIFIER.matcher(bare);
		while (identifiers.find()) {
			String name = identifiers.group();
			boolean call = bare.substring(identifiers.end()).stripLeading().startsWith("(");
			if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				names.add(name);
			}
		}
		return names;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
