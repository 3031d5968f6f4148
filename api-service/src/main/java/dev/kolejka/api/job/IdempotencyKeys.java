package dev.kolejka.api.job;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.kolejka.api.config.ApiProperties;
import dev.kolejka.api.problem.ServiceUnavailableException;
import org.springframework.stereotype.Component;

/**
 * Makes a submit with an {@code Idempotency-Key} happen once. The key determines the id
 * ({@code JobId.fromIdempotencyKey(owner, key)}), so across replicas and restarts no
 * table is needed: the status view knows that id. Within a replica, "is it known? if not,
 * send" must be one step, or two concurrent repeats both find nothing and both send: so
 * the check runs only while holding the id's claim, and the claim is let go only after
 * the send has put the job where the check finds it ({@code JobStatusStore.accepted}).
 */
@Component
public class IdempotencyKeys {

	private final ConcurrentHashMap<Object, CompletableFuture<Void>> claims = new ConcurrentHashMap<>();

	private final Duration wait;

	public IdempotencyKeys(ApiProperties properties) {
		// a send waits at most send-timeout for Kafka; allow the holder that and a margin
		this.wait = properties.sendTimeout().plusSeconds(5);
	}

	/**
	 * What {@code known} finds for {@code id} (a repeat), else the result of {@code send}
	 * (the first submit): never both sends of two concurrent callers.
	 * @throws ServiceUnavailableException when the holder of the claim takes longer than
	 * a send may
	 */
	public <T> Outcome<T> once(Object id, Supplier<Optional<T>> known, Supplier<T> send) {
		long deadline = System.nanoTime() + this.wait.toNanos();
		while (true) {
			var mine = new CompletableFuture<Void>();
			CompletableFuture<Void> other = this.claims.putIfAbsent(id, mine);
			if (other == null) {
				try {
					Optional<T> repeat = known.get();
					return repeat.map((value) -> new Outcome<>(value, true))
						.orElseGet(() -> new Outcome<>(send.get(), false));
				}
				finally {
					this.claims.remove(id, mine);
					mine.complete(null);
				}
			}
			await(other, deadline);
		}
	}

	/** How many claims are held now: none once every submit has ended. */
	int held() {
		return this.claims.size();
	}

	private void await(CompletableFuture<Void> other, long deadline) {
		try {
			other.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ServiceUnavailableException.kafka(Duration.ofSeconds(1), ex);
		}
		catch (TimeoutException ex) {
			throw ServiceUnavailableException.kafka(Duration.ofSeconds(1), ex);
		}
		catch (ExecutionException ex) {
			// never completed exceptionally; try to claim again
		}
	}

	/**
	 * @param value the job (or batch)
	 * @param repeated whether it was there already, so nothing was sent
	 */
	public record Outcome<T>(T value, boolean repeated) {
	}

}
