package dev.kolejka.task.chaos;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

import dev.kolejka.task.Pool;
import dev.kolejka.task.TaskArguments;
import dev.kolejka.task.TaskRegistry;
import dev.kolejka.task.TaskSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosTaskTests {

	@Test
	void isOfferedOnlyWhenFaultDrillsAreEnabled() {
		assertThat(TaskRegistry.load(TaskSettings.DEFAULTS).find("chaos")).isEmpty();
		assertThat(TaskRegistry.load(new TaskSettings(true)).find("chaos"))
			.hasValueSatisfying((descriptor) -> assertThat(descriptor.defaultPool()).isEqualTo(Pool.PROCESS));
	}

	@Test
	void onlyTheModeIsARequiredArgument() {
		List<String> optional = Arrays.stream(ChaosTask.class.getRecordComponents())
			.filter(TaskArguments::isOptional)
			.map(RecordComponent::getName)
			.toList();

		assertThat(optional).containsExactly("ms", "exitCode", "message");
	}

	@Test
	void throwFailsWithTheGivenMessage() {
		assertThatThrownBy(() -> new ChaosTask("throw", null, null, "drill").run(null))
			.isInstanceOf(ChaosTask.ChaosException.class)
			.hasMessage("drill");
	}

	@Test
	void aFiniteHangReturnsEvenWhenInterrupted() {
		Thread.currentThread().interrupt();

		assertThat(ChaosTask.hang(100).run(null).mode()).isEqualTo("hang");
		assertThat(Thread.interrupted()).isFalse();
	}

}
