package dev.kolejka.api.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kolejka.api.status.JobWaiter;
import dev.kolejka.job.BatchQueued;
import dev.kolejka.job.JobId;
import org.springframework.stereotype.Component;

/**
 * The completion logs of the batches streamed lately, at most {@value #MAX_BATCHES}
 * (least recently streamed dropped first), so memory stays bounded. A log starts when a
 * batch is first streamed: its jobs already ended go first, in item order, then every
 * other job as the status view sees it end.
 */
@Component
class CompletionLogs {

	static final int MAX_BATCHES = 64;

	private final JobWaiter waiter;

	private final Map<UUID, CompletionLog> logs = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<UUID, CompletionLog> eldest) {
			return size() > MAX_BATCHES;
		}

	};

	CompletionLogs(JobWaiter waiter) {
		this.waiter = waiter;
	}

	CompletionLog of(BatchQueued batch) {
		CompletionLog log;
		synchronized (this.logs) {
			log = this.logs.get(batch.batchId());
			if (log != null) {
				return log;
			}
			log = new CompletionLog(batch.ids().size());
			this.logs.put(batch.batchId(), log);
		}
		follow(batch.ids(), log);
		return log;
	}

	private void follow(List<JobId> ids, CompletionLog log) {
		for (int i = 0; i < ids.size(); i++) {
			int index = i;
			this.waiter.terminal(ids.get(i)).thenAccept((job) -> log.append(index));
		}
	}

}
