package dev.kolejka.job;

import java.util.List;

/**
 * The value of one {@code jobs} record: one or more jobs ({@code Pool.map}'s chunksize).
 * Records cost more than bytes, so a batch travels in chunks while each job keeps its own
 * id, state and result.
 */
public record JobChunk(List<JobSubmission> jobs) {

	public JobChunk {
		jobs = Checked.list(jobs, JobSubmission.class);
		if (jobs.isEmpty()) {
			throw new IllegalArgumentException("A chunk carries at least one job");
		}
	}

	public static JobChunk of(JobSubmission job) {
		return new JobChunk(List.of(job));
	}

}
