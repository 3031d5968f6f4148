package dev.kolejka.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.kolejka.job.ErrorType;
import dev.kolejka.job.JobError;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.builtin.CountTask;
import dev.kolejka.task.builtin.CpuBurnTask;
import dev.kolejka.task.builtin.NoopTask;
import dev.kolejka.task.builtin.SleepTask;
import dev.kolejka.task.chaos.ChaosTask;
import org.junit.jupiter.api.Test;

class TaskValidationTests {

	private final TaskValidation validation = TaskValidation.of(TaskRegistry.load(new TaskSettings(true)));

	@Test
	void aValidJobPasses() {
		assertThat(this.validation.check(job("cpu-burn", new CpuBurnTask(1000), JobOptions.DEFAULTS))).isEmpty();
	}

	@Test
	void valuesBeyondTheTasksCeilingsAreInvalid() {
		assertThat(this.validation.check(job("cpu-burn", new CpuBurnTask(Integer.MAX_VALUE), JobOptions.DEFAULTS)))
			.hasValueSatisfying((error) -> assertThat(error.type()).isEqualTo(ErrorType.INVALID))
			.map(JobError::message)
			.hasValueSatisfying((message) -> assertThat(message).contains("iterations"));
		assertThat(this.validation.check(job("sleep", new SleepTask(-1), JobOptions.DEFAULTS))).isPresent();
		assertThat(this.validation.check(job("count", new CountTask("c", Long.MAX_VALUE), JobOptions.DEFAULTS)))
			.isPresent();
	}

	@Test
	void optionsBeyondTheMaximaAreInvalid() {
		var hugeTimeout = new JobOptions(null, 3, Duration.ofSeconds(1), Duration.ofHours(2_562_048), null);
		var hugeBackoff = new JobOptions(null, 3, Duration.ofDays(365), null, null);
		var negativeTimeout = new JobOptions(null, 3, Duration.ofSeconds(1), Duration.ofSeconds(-1), null);
		var manyAttempts = new JobOptions(null, 1_000_000, Duration.ofSeconds(1), null, null);

		for (JobOptions options : java.util.List.of(hugeTimeout, hugeBackoff, negativeTimeout, manyAttempts)) {
			assertThat(this.validation.check(job("noop", new NoopTask(), options))).as(options::toString).isPresent();
		}
	}

	@Test
	void aTaskUnderAnotherNameIsInvalid() {
		assertThat(this.validation.check(job("noop", new CpuBurnTask(1), JobOptions.DEFAULTS)))
			.hasValueSatisfying((error) -> assertThat(error.message()).contains("not a 'noop'"));
	}

	@Test
	void aProcessPoolTaskRunsNowhereElse() {
		var chaos = new ChaosTask("throw", null, null, null);
		var inCpu = new JobOptions(Pool.CPU, 1, Duration.ofSeconds(1), null, null);

		assertThat(this.validation.check(job("chaos", chaos, inCpu))).isPresent();
		assertThat(this.validation.check(job("chaos", chaos, JobOptions.DEFAULTS))).isEmpty();
	}

	private static JobSubmission job(String name, Task<?> task, JobOptions options) {
		return new JobSubmission(JobId.newId(Clock.systemUTC()), name, task, options, Instant.now(), 1, null);
	}

}
