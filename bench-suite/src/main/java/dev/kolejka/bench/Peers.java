package dev.kolejka.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Everything a run measures with: the Kolejka stack and its client, the bare broker of
 * raw Kafka, and Celery (absent when it could not be installed, with the reason).
 */
record Peers(KolejkaStack kolejka, KolejkaClient client, KolejkaStack bareBroker, KafkaPeer kafka,
		@Nullable CeleryPeer celery, Cell celeryMissing, Commands commands, Sizes sizes, int cores) {

	static final List<String> KOLEJKA_WORKERS = List.of("kolejka-worker-1", "kolejka-worker-2");

	List<ProcessGroup> kolejkaGroups() {
		return this.kolejka.groups("kolejka-");
	}

	List<ProcessGroup> kafkaGroups() {
		return this.bareBroker.groups("kafka-");
	}

	List<ProcessGroup> celeryGroups() {
		return (this.celery != null) ? this.celery.groups() : List.of();
	}

	/** One Celery client run, or the reason there is no Celery in this run. */
	<T> Outcome<T> onCelery(Function<CeleryPeer, T> measurement) {
		CeleryPeer peer = this.celery;
		if (peer == null) {
			return Outcome.missing(this.celeryMissing);
		}
		return Outcome.of(() -> measurement.apply(peer));
	}

	JsonNode celeryClient(CeleryPeer peer, String label, String... args) {
		return peer.client(label, Duration.ofMinutes(10), args);
	}

}
