package dev.kolejka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The rows of one run, written as {@code report.json} and a Markdown table of ratios. */
final class Report {

	private final List<Row> rows = new ArrayList<>();

	private final Map<String, Object> details = new LinkedHashMap<>();

	private final Map<String, Object> run = new LinkedHashMap<>();

	void add(Row row) {
		this.rows.add(row);
		System.out.println(markdownRow(row));
	}

	/**
	 * Raw figures that do not fit a row (per-process CPU, per-process RSS, tool output).
	 */
	void detail(String key, Object value) {
		this.details.put(key, value);
	}

	void about(String key, Object value) {
		this.run.put(key, value);
	}

	List<Row> rows() {
		return List.copyOf(this.rows);
	}

	void write(Path dir) {
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode root = json.createObjectNode();
		root.putPOJO("run", this.run);
		root.putPOJO("rows", this.rows.stream().map(Report::jsonRow).toList());
		root.putPOJO("details", this.details);
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("report.json"),
					json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
			Files.writeString(dir.resolve("report.md"), markdown());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		out.append(
				"| workload | unit | better | Kolejka | raw Kafka | Celery + Redis | Kolejka ÷ Kafka | Kolejka ÷ Celery | note |\n");
		out.append("|---|---|---|---|---|---|---|---|---|\n");
		for (Row row : this.rows) {
			out.append(markdownRow(row)).append('\n');
		}
		return out.toString();
	}

	private static String markdownRow(Row row) {
		return "| %s | %s | %s | %s | %s | %s | %s | %s | %s |".formatted(row.workload(), row.unit(),
				row.better().name().toLowerCase(Locale.ROOT), text(row.kolejka()), text(row.kafka()),
				text(row.celery()), ratio(row.ratio(row.kafka())), ratio(row.ratio(row.celery())), row.note());
	}

	private static String text(Cell cell) {
		return switch (cell.kind()) {
			case MEASURED -> number(cell.value());
			case NOT_APPLICABLE -> "—";
			case SKIPPED -> "skipped: " + cell.reason();
			case FAILED -> "failed: " + cell.reason();
		};
	}

	private static String ratio(@Nullable Double ratio) {
		return (ratio != null) ? String.format(Locale.ROOT, "%.2f", ratio) : "—";
	}

	static String number(@Nullable Double value) {
		if (value == null) {
			return "—";
		}
		double abs = Math.abs(value);
		if (abs >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (abs >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.3g", value);
	}

	private static Map<String, Object> jsonRow(Row row) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("id", row.id());
		out.put("workload", row.workload());
		out.put("unit", row.unit());
		out.put("better", row.better().name().toLowerCase(Locale.ROOT));
		out.put("kolejka", jsonCell(row.kolejka()));
		out.put("kafka", jsonCell(row.kafka()));
		out.put("celery", jsonCell(row.celery()));
		out.put("ratioVsKafka", row.ratio(row.kafka()));
		out.put("ratioVsCelery", row.ratio(row.celery()));
		out.put("note", row.note());
		return out;
	}

	private static Map<String, Object> jsonCell(Cell cell) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("status", cell.kind().name().toLowerCase(Locale.ROOT));
		if (cell.value() != null) {
			out.put("value", cell.value());
		}
		if (cell.reason() != null) {
			out.put("reason", cell.reason());
		}
		return out;
	}

}
