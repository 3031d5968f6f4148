package dev.kolejka.api.batch;

import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.Job;
import dev.kolejka.job.JobState;

/**
 * A batch's progress and its results in item order ({@code imap} order): a job not
 * finished yet, or not successful, has {@code null} in its place and its state in
 * {@code states}.
 */
public record BatchView(String batchId, String task, JobState state, int total, int succeeded, int failed,
		int cancelled, int offset, List<JobState> states, @JsonRawValue String results) {

	static BatchView of(BatchQueued batch, List<Optional<Job>> jobs, Page page) {
		int succeeded = 0;
		int failed = 0;
		int cancelled = 0;
		int started = 0;
		var states = new java.util.ArrayList<JobState>(jobs.size());
		var results = new StringJoiner(",", "[", "]");
		for (int item = 0; item < jobs.size(); item++) {
			Optional<Job> found = jobs.get(item);
			JobState state = found.map(Job::state).orElse(JobState.QUEUED);
			boolean listed = page.includes(item);
			switch (state) {
				case SUCCEEDED -> succeeded++;
				case FAILED -> failed++;
				case CANCELLED -> cancelled++;
				case RUNNING -> started++;
				case QUEUED -> {
				}
			}
			if (listed) {
				states.add(state);
				results.add(found.filter((job) -> job.state() == JobState.SUCCEEDED && job.resultJson() != null)
					.map(Job::resultJson)
					.orElse("null"));
			}
		}
		int total = jobs.size();
		return new BatchView(batch.batchId().toString(), batch.task(),
				state(total, succeeded, failed + cancelled, started), total, succeeded, failed, cancelled,
				page.offset(), states, results.toString());
	}

	private static JobState state(int total, int succeeded, int unsuccessful, int running) {
		if (succeeded == total) {
			return JobState.SUCCEEDED;
		}
		if (succeeded + unsuccessful == total) {
			return JobState.FAILED;
		}
		return (running + succeeded + unsuccessful > 0) ? JobState.RUNNING : JobState.QUEUED;
	}

	/** Which items a view lists: {@code limit} of them from {@code offset}. */
	record Page(int offset, int limit) {

		static Page of(int offset, int limit) {
			return new Page(Math.max(0, offset), Math.max(0, limit));
		}

		boolean includes(int item) {
			return item >= this.offset && item - this.offset < this.limit;
		}

	}

	@JsonIgnore
	boolean isTerminal() {
		return this.state.isTerminal();
	}

}
