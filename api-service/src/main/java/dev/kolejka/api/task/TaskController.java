package dev.kolejka.api.task;

import java.util.List;
import java.util.Map;

import dev.kolejka.task.TaskDescriptor;
import dev.kolejka.task.TaskRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The task registry, as clients see it. */
@RestController
@RequestMapping("/api/v1")
class TaskController {

	private final List<TaskView> tasks;

	TaskController(TaskRegistry registry) {
		this.tasks = registry.descriptors().stream().map(TaskView::of).toList();
	}

	@GetMapping("/tasks")
	List<TaskView> tasks() {
		return this.tasks;
	}

	record TaskView(String name, String defaultPool, Map<String, Object> argsSchema) {

		static TaskView of(TaskDescriptor descriptor) {
			return new TaskView(descriptor.name(), descriptor.defaultPool().id(), ArgsSchema.of(descriptor.type()));
		}

	}

}
