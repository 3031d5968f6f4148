package dev.kolejka.api.status;

import java.util.Optional;

import dev.kolejka.job.Job;
import dev.kolejka.job.JobId;

/**
 * A job's state as the status view holds it: all the waiters read from the
 * {@link JobStatusStore}, so they work (and are tested) without Kafka Streams running.
 */
@FunctionalInterface
interface JobLookup {

	Optional<Job> job(JobId id);

}
