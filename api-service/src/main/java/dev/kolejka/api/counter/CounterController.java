package dev.kolejka.api.counter;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.kolejka.api.problem.NotFoundException;
import dev.kolejka.api.security.Caller;
import dev.kolejka.api.status.JobStatusStore;
import dev.kolejka.api.status.JobStatusStore.OwnedCounter;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shared counters: cluster-wide totals, exact under retries, crashes and duplicates. Each
 * owner has counters of its own: the caller's are listed, all of them for {@code admin},
 * who reads another owner's with {@code ?owner=}.
 */
@RestController
@RequestMapping("/api/v1")
class CounterController {

	private final JobStatusStore store;

	CounterController(JobStatusStore store) {
		this.store = store;
	}

	@GetMapping("/counters")
	List<CounterView> counters() {
		Caller caller = Caller.current();
		List<OwnedCounter> counters = caller.isAdmin() ? this.store.counters() : this.store.counters(caller.owner());
		return counters.stream().map(CounterView::of).toList();
	}

	@GetMapping("/counters/{name}")
	CounterView counter(@PathVariable String name, @RequestParam(required = false) @Nullable String owner) {
		Caller caller = Caller.current();
		String whose = (owner != null && caller.isAdmin()) ? owner : caller.owner();
		return this.store.counter(whose, name)
			.map((counter) -> new CounterView(counter.name(), whose, counter.value(), counter.updatedAt()))
			.or(() -> (caller.isAdmin() && owner == null) ? anyOwners(name) : Optional.empty())
			.orElseThrow(() -> NotFoundException.counter(name));
	}

	/** For admin without {@code ?owner=}: the counter of that name whoever owns it. */
	private Optional<CounterView> anyOwners(String name) {
		return this.store.counters()
			.stream()
			.filter((owned) -> owned.counter().name().equals(name))
			.findFirst()
			.map(CounterView::of);
	}

	/** A counter as the API shows it. */
	record CounterView(String name, String owner, long value, Instant updatedAt) {

		static CounterView of(OwnedCounter owned) {
			return new CounterView(owned.counter().name(), owned.owner(), owned.counter().value(),
					owned.counter().updatedAt());
		}

	}

}
