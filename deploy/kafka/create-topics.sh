#!/usr/bin/env bash
# Creates Kolejka's topics (names from dev.kolejka.topic.Topics with the default prefix) if missing.
set -euo pipefail
bin=/opt/kafka/bin
create() { # create <topic> <partitions> [--config k=v ...]
  local topic="$1" partitions="$2"; shift 2
  "$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor "$REPLICAS" "$@"
}
create kolejka.jobs "$PARTITIONS"
create kolejka.jobs.retry "$PARTITIONS"
create kolejka.jobs.dlt "$PARTITIONS"
create kolejka.job-events "$PARTITIONS" --config retention.ms=604800000
create kolejka.workers "$PARTITIONS" --config cleanup.policy=compact
create kolejka.control 1
