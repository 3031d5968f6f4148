package dev.kolejka.api.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kolejka.api.problem.TooManyRequestsException;
import dev.kolejka.api.status.JobStatusListener;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.springframework.stereotype.Component;

/**
 * Per-owner submission rate (Resilience4j's rate limiter: {@code rate} permits per
 * second, refilled each second) and a cap on the owner's unfinished jobs. The cap counts
 * what this replica accepted and has not yet seen finish; each replica enforces it on its
 * own share, which is what a cap against one flooding client needs without a cluster-wide
 * table.
 */
@Component
public class SubmitQuotas implements JobStatusListener {

	private static final Duration REFILL = Duration.ofSeconds(1);

	private final QuotaProperties properties;

	private final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, AtomicInteger> unfinished = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<JobId, String> owners = new ConcurrentHashMap<>();

	SubmitQuotas(QuotaProperties properties) {
		this.properties = properties;
	}

	/**
	 * Takes one submission of the jobs {@code ids} from the caller's quota; they count as
	 * unfinished from now (before the send, so a job that finishes at once is still
	 * counted down) until the view shows them finished or {@link #forget} is called.
	 * @throws TooManyRequestsException when the rate or the unfinished-jobs cap is used
	 * up
	 */
	public void admit(Caller caller, List<JobId> ids) {
		int rate = (caller.rate() != null) ? caller.rate() : this.properties.rate();
		RateLimiter limiter = this.limiters.computeIfAbsent(caller.owner() + "@" + rate,
				(name) -> RateLimiter.of(name,
						RateLimiterConfig.custom()
							.limitForPeriod(rate)
							.limitRefreshPeriod(REFILL)
							.timeoutDuration(Duration.ZERO)
							.build()));
		if (!limiter.acquirePermission()) {
			throw TooManyRequestsException.rate(rate, REFILL);
		}
		AtomicInteger count = unfinished(caller.owner());
		if (count.get() + ids.size() > this.properties.maxQueuedJobs()) {
			throw TooManyRequestsException.queued(this.properties.maxQueuedJobs(), Duration.ofSeconds(5));
		}
		for (JobId id : ids) {
			if (this.owners.putIfAbsent(id, caller.owner()) == null) {
				count.incrementAndGet();
			}
		}
	}

	/** Jobs that were not sent after all (Kafka refused, or a repeat of a known job). */
	public void forget(List<JobId> ids) {
		for (JobId id : ids) {
			String owner = this.owners.remove(id);
			if (owner != null) {
				unfinished(owner).decrementAndGet();
			}
		}
	}

	@Override
	public void updated(Job job) {
		if (job.state().isTerminal() && !this.owners.isEmpty()) {
			String owner = this.owners.remove(job.id());
			if (owner != null) {
				unfinished(owner).decrementAndGet();
			}
		}
	}

	private AtomicInteger unfinished(String owner) {
		return this.unfinished.computeIfAbsent(owner, (key) -> new AtomicInteger());
	}

}
