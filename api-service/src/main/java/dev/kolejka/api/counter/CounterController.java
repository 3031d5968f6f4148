package dev.kolejka.api.counter;

import java.util.List;

import dev.kolejka.api.problem.NotFoundException;
import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.job.CounterValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Shared counters: cluster-wide totals, exact under retries, crashes and duplicates. */
@RestController
@RequestMapping("/api/v1")
class CounterController {

	private final JobStatusStore store;

	CounterController(JobStatusStore store) {
		this.store = store;
	}

	@GetMapping("/counters")
	List<CounterValue> counters() {
		return this.store.counters();
	}

	@GetMapping("/counters/{name}")
	CounterValue counter(@PathVariable String name) {
		return this.store.counter(name).orElseThrow(() -> NotFoundException.counter(name));
	}

}
