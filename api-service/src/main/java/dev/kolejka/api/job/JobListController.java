package dev.kolejka.api.job;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import dev.kolejka.api.problem.FieldError;
import dev.kolejka.api.problem.InvalidArgumentsException;
import dev.kolejka.api.security.Caller;
import dev.kolejka.api.security.Owners;
import dev.kolejka.api.status.JobListing;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobState;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/jobs?state=&task=&limit=&cursor=}: the caller's own jobs (every
 * owner's for {@code admin}), newest first, a page at a time.
 */
@RestController
@RequestMapping("/api/v1")
class JobListController {

	static final int MAX_LIMIT = 1000;

	/** The most jobs one page reads while looking for the caller's. */
	static final int SCAN_LIMIT = 20_000;

	private final JobListing listing;

	JobListController(JobListing listing) {
		this.listing = listing;
	}

	@GetMapping("/jobs")
	JobPage jobs(@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String task, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(required = false) @Nullable String cursor) {
		Caller caller = Caller.current();
		JobState wanted = state(state);
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidArgumentsException(List.of(new FieldError("limit", "must be between 1 and " + MAX_LIMIT)));
		}
		Predicate<Job> filter = (job) -> Owners.visible(caller, job.options())
				&& (wanted == null || job.state() == wanted) && (task == null || job.task().equals(task));
		JobListing.Page page = this.listing.page(cursor(cursor), limit, SCAN_LIMIT, filter);
		return new JobPage(page.jobs().stream().map((job) -> JobView.of(job, caller.isAdmin())).toList(),
				page.nextCursor());
	}

	private static @Nullable JobState state(@Nullable String state) {
		if (state == null || state.isBlank()) {
			return null;
		}
		try {
			return JobState.valueOf(state.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidArgumentsException(
					List.of(new FieldError("state", "must be one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED")));
		}
	}

	private static @Nullable JobId cursor(@Nullable String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		try {
			return JobId.parse(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidArgumentsException(List.of(new FieldError("cursor", "is not a cursor this API gave")));
		}
	}

	/**
	 * A page of jobs; {@code nextCursor} is where the next page starts, {@code null} at
	 * the end.
	 */
	record JobPage(List<JobView> jobs, @Nullable String nextCursor) {
	}

}
