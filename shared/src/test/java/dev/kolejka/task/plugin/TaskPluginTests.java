package dev.kolejka.task.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.kolejka.codec.ForyTaskCodec;
import dev.kolejka.job.JobChunk;
import dev.kolejka.job.JobId;
import dev.kolejka.job.JobOptions;
import dev.kolejka.job.JobSubmission;
import dev.kolejka.task.Pool;
import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskName;
import dev.kolejka.task.TaskProvider;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import org.junit.jupiter.api.Test;

class TaskPluginTests {

	@Test
	void aProviderOnTheClassPathPlugsItsTasksInNextToTheBuiltins() {
		var registry = TaskRegistry.load(TaskSettings.DEFAULTS);

		assertThat(registry.find("shout")).get()
			.returns(ShoutTask.class, TaskDescriptor::type)
			.returns(Pool.IO, TaskDescriptor::defaultPool);
		assertThat(registry.find("noop")).isPresent();
	}

	@Test
	void thePluggedInTaskAndItsComponentTypesTravelThroughTheCodec() {
		var codec = new ForyTaskCodec(TaskRegistry.load(TaskSettings.DEFAULTS), 64 * 1024);
		var job = new JobSubmission(new JobId(UUID.randomUUID()), "shout",
				new ShoutTask("how I wish", ShoutTask.Volume.LOUD), JobOptions.DEFAULTS, Instant.now(), 1, null);

		var decoded = codec.decode(codec.encode(JobChunk.of(job)), JobChunk.class);

		assertThat(decoded.jobs().getFirst().task()).isEqualTo(new ShoutTask("how I wish", ShoutTask.Volume.LOUD));
	}

	@Test
	void twoTasksWithOneNameAreRefusedWithAHint() {
		TaskProvider clash = () -> List.of(ShoutTask.class, OtherShout.class);

		assertThatIllegalStateException().isThrownBy(() -> TaskRegistry.of(List.of(clash)))
			.withMessageContaining("Two tasks are named 'shout'")
			.withMessageContaining("rename one");
	}

	@Test
	void aTaskWithoutItsAnnotationIsRefused() {
		TaskProvider unnamed = () -> List.of(Unnamed.class);

		assertThatIllegalArgumentException().isThrownBy(() -> TaskRegistry.of(List.of(unnamed)))
			.withMessageContaining("@TaskName");
	}

	@TaskName("shout")
	record OtherShout() implements Task<String> {

		@Override
		public String run(TaskContext context) {
			return "";
		}

	}

	record Unnamed() implements Task<String> {

		@Override
		public String run(TaskContext context) {
			return "";
		}

	}

}
