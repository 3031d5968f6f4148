package dev.kolejka.api.loadrun;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.kolejka.api.problem.LoadRunInProgressException;
import dev.kolejka.job.JobId;
import dev.kolejka.loadgen.LoadReport;
import dev.kolejka.loadgen.LoadRun;
import dev.kolejka.loadgen.LoadSpec;
import dev.kolejka.loadgen.Progress;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The load runs of this API replica: at most one going at a time, the latest {@code kept}
 * remembered in memory. One sampler thread takes a progress sample of the going run every
 * second (the page's live chart) and notices when it has ended.
 */
@Component
class LoadRuns implements DisposableBean {

	private static final int MAX_SAMPLES = 3600;

	private final LoadRunProperties properties;

	private final Clock clock;

	private final Map<String, Entry> runs = new LinkedHashMap<>();

	private final ScheduledExecutorService sampler = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kolejka-load-run-sampler").daemon().factory());

	private @Nullable Entry going;

	LoadRuns(LoadRunProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.sampler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
	}

	/** Starts a run, or answers 409 while another one is going. */
	synchronized LoadRunView start(LoadSpec spec, String argsJson, @Nullable String pool) {
		if (this.going != null) {
			throw new LoadRunInProgressException(this.going.id());
		}
		String id = JobId.newId(this.clock).toString();
		var entry = new Entry(id, new LoadRun(spec, this.clock), argsJson, pool, new ArrayList<>());
		entry.run().start();
		this.going = entry;
		this.runs.put(id, entry);
		while (this.runs.size() > this.properties.kept()) {
			this.runs.remove(this.runs.keySet().iterator().next());
		}
		return entry.view();
	}

	synchronized Optional<LoadRunView> stop(String id) {
		Entry entry = this.runs.get(id);
		if (entry == null) {
			return Optional.empty();
		}
		entry.run().stop();
		return Optional.of(entry.view());
	}

	synchronized Optional<LoadRunView> find(String id) {
		return Optional.ofNullable(this.runs.get(id)).map(Entry::view);
	}

	/** Every remembered run, newest first, without its samples. */
	synchronized List<LoadRunView> list() {
		var views = new ArrayList<LoadRunView>();
		this.runs.values().forEach((entry) -> views.addFirst(entry.view().withoutSamples()));
		return views;
	}

	private synchronized void sample() {
		Entry entry = this.going;
		if (entry == null) {
			return;
		}
		if (entry.samples().size() < MAX_SAMPLES) {
			entry.samples().add(entry.run().progress());
		}
		if (entry.run().isFinished()) {
			this.going = null;
			entry.run().close();
		}
	}

	static URI baseUrl(String address, int port) {
		String host = (address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) ? "127.0.0.1" : address;
		return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
	}

	@Override
	public synchronized void destroy() {
		this.sampler.shutdownNow();
		if (this.going != null) {
			this.going.run().close();
		}
	}

	private record Entry(String id, LoadRun run, String argsJson, @Nullable String pool, List<Progress> samples) {

		LoadRunView view() {
			LoadSpec spec = this.run.spec();
			// read once: the run can end between two reads, and a view said RUNNING with
			// a report (the dashboard then showed the report beside a RUNNING state)
			LoadReport report = this.run.report().orElse(null);
			String state = (report == null) ? "RUNNING" : (report.stopped() ? "STOPPED" : "FINISHED");
			return new LoadRunView(this.id, state, spec.taskLabel(), this.argsJson, this.pool, spec.rate(),
					spec.duration().toMillis() / 1000.0, spec.batch(), this.run.startedAt().toString(),
					this.run.progress(), List.copyOf(this.samples), report);
		}

	}

}
