package dev.kolejka.api.job;

import java.util.List;

import dev.kolejka.api.config.DefaultTimeouts;
import dev.kolejka.api.problem.FieldError;
import dev.kolejka.api.problem.InvalidArgumentsException;
import dev.kolejka.api.security.Caller;
import dev.kolejka.api.security.Owners;
import dev.kolejka.job.JobOptions;
import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskDescriptor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Completes the options a client sent into those the job travels with: its owner, its
 * ordering key in the owner's namespace, the pool's default timeout where none was asked
 * for; and refuses a pool the task may not run in (a task whose default pool is
 * {@code process}, such as {@code chaos}, is there for isolation and runs nowhere else).
 */
@Component
public class SubmitOptions {

	private final DefaultTimeouts timeouts;

	SubmitOptions(DefaultTimeouts timeouts) {
		this.timeouts = timeouts;
	}

	public JobOptions complete(JobOptions options, TaskDescriptor task, Caller caller, @Nullable String requestHash) {
		Pool pool = options.poolOr(task.defaultPool());
		if (task.defaultPool() == Pool.PROCESS && pool != Pool.PROCESS) {
			throw new InvalidArgumentsException(List
				.of(new FieldError("options.pool", "task '" + task.name() + "' runs only in the process pool")));
		}
		return new JobOptions(options.pool(), options.maxAttempts(), options.backoff(),
				(options.timeout() != null) ? options.timeout() : this.timeouts.of(pool),
				Owners.orderingKey(caller.owner(), options.key()), caller.owner(), requestHash);
	}

}
