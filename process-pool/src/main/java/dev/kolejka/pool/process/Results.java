package dev.kolejka.pool.process;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How the library API hands results back: a future per task, completed from the task's
 * outcome, and the two iterators of {@code imap} and {@code imap_unordered}.
 */
final class Results {

	private Results() {
	}

	/**
	 * Completes {@code future} with the result, or with a {@link TaskFailedException}.
	 */
	@SuppressWarnings("unchecked")
	static <R> ProcessWork.Listener completing(CompletableFuture<R> future) {
		return (outcome) -> {
			switch (outcome) {
				case ChildOutcome.Returned returned -> future.complete((R) returned.result());
				case ChildOutcome.Threw threw -> future.completeExceptionally(new TaskFailedException(threw.error()));
				case ChildOutcome.Killed killed ->
					future.completeExceptionally(new TaskFailedException(killed.error()));
				case ChildOutcome.NotStarted notStarted ->
					future.completeExceptionally(new TaskFailedException(notStarted.reason()));
			}
		};
	}

	/** Results in task order, each as soon as it and those before it are there. */
	static <R> Iterator<R> inOrder(List<CompletableFuture<R>> futures) {
		return new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return this.next < futures.size();
			}

			@Override
			public R next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return await(futures.get(this.next++));
			}

		};
	}

	/**
	 * Results in the order they finish: {@code finished} receives each future as it
	 * completes.
	 */
	static <R> Iterator<R> asFinished(BlockingQueue<CompletableFuture<R>> finished, int total) {
		return new Iterator<>() {

			private int taken;

			@Override
			public boolean hasNext() {
				return this.taken < total;
			}

			@Override
			public R next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				try {
					CompletableFuture<R> future = finished.take();
					this.taken++;
					return await(future);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new CancellationException("interrupted while waiting for a result");
				}
			}

		};
	}

	private static <R> R await(CompletableFuture<R> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof TaskFailedException failed) {
				throw failed;
			}
			throw ex;
		}
	}

}
