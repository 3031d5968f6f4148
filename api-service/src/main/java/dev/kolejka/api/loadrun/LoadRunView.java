package dev.kolejka.api.loadrun;

import java.util.List;

import dev.kolejka.loadgen.LoadReport;
import dev.kolejka.loadgen.Progress;
import org.jspecify.annotations.Nullable;

/**
 * A load run as the dashboard shows it: what was asked, how far it got, a progress sample
 * per second (counts since the start) and, once it has ended, the report (the JSON of
 * {@code ./kolejka load --report}).
 */
public record LoadRunView(String id, String state, String task, String args, @Nullable String pool, double rate,
		double durationSeconds, int batch, String startedAt, Progress progress, List<Progress> samples,
		@Nullable LoadReport report) {

	LoadRunView withoutSamples() {
		return new LoadRunView(this.id, this.state, this.task, this.args, this.pool, this.rate, this.durationSeconds,
				this.batch, this.startedAt, this.progress, List.of(), this.report);
	}

}
