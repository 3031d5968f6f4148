package dev.kolejka.api.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kolejka.api.dashboard.RateWindow.Kind;
import dev.kolejka.api.job.JobView;
import dev.kolejka.api.security.Caller;
import dev.kolejka.api.security.Owners;
import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.loadgen.LatencyPercentiles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/dashboard/...}: what the built-in page needs beyond the public API.
 * {@code stats} folds the fleet's rates and percentiles; {@code jobs} lists the latest
 * submitted jobs (until the paged job listing exists).
 */
@RestController
@RequestMapping("/api/v1/dashboard")
class DashboardController {

	private static final int MAX_JOBS = FleetStats.RECENT_JOBS;

	private final FleetStats stats;

	private final BrokerFigures broker;

	private final JobStatusStore store;

	DashboardController(FleetStats stats, BrokerFigures broker, JobStatusStore store) {
		this.stats = stats;
		this.broker = broker;
		this.store = store;
	}

	/**
	 * @param seconds how many past seconds the per-second series hold (at most 119)
	 */
	@GetMapping("/stats")
	DashboardStats stats(@RequestParam(defaultValue = "60") int seconds) {
		Map<Kind, long[]> series = this.stats.series(Math.clamp(seconds, 1, FleetStats.WINDOW_SECONDS - 1));
		var perSecond = new LinkedHashMap<String, long[]>();
		var totals = new LinkedHashMap<String, Long>();
		for (Kind kind : Kind.values()) {
			String name = kind.name().toLowerCase(java.util.Locale.ROOT);
			perSecond.put(name, series.get(kind));
			totals.put(name, this.stats.total(kind));
		}
		BrokerFigures.Figures figures = this.broker.figures();
		return new DashboardStats(System.currentTimeMillis(), perSecond, totals, this.stats.queueWaitMs(),
				this.stats.runMs(), figures.consumerLag(), figures.deadLetters());
	}

	@GetMapping("/jobs")
	List<JobView> jobs(@RequestParam(defaultValue = "50") int limit) {
		// the caller's own jobs only (all for admin), like the listing
		Caller caller = Caller.current();
		return this.stats.recentJobs(Math.clamp(limit, 1, MAX_JOBS))
			.stream()
			.flatMap((id) -> this.store.job(id).stream())
			.filter((job) -> Owners.visible(caller, job.options()))
			.map((job) -> JobView.of(job, caller.isAdmin()))
			.toList();
	}

	/**
	 * The fleet at a glance.
	 *
	 * @param at when this was computed (epoch ms)
	 * @param perSecond counts per second, oldest first, ending with the last full second:
	 * submitted, completed, failed, cancelled, retried
	 * @param totals the same counts since this API replica started
	 * @param queueWaitMs queue wait of jobs that ended in the last 10 s
	 * @param runMs run time of jobs that ended in the last 10 s
	 * @param consumerLag records not yet taken by the workers, {@code null} when unknown
	 * @param deadLetters records in the dead-letter topic, {@code null} when unknown
	 */
	record DashboardStats(long at, Map<String, long[]> perSecond, Map<String, Long> totals,
			LatencyPercentiles queueWaitMs, LatencyPercentiles runMs,
			@org.jspecify.annotations.Nullable Long consumerLag, @org.jspecify.annotations.Nullable Long deadLetters) {
	}

}
