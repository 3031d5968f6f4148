#!/usr/bin/env bash
# ./kolejka bench scale: the same cpu-burn workload against 1 worker pinned to one core, then 2 workers pinned
# to one core each (taskset); prints the scale-out ratio and writes target/bench/scale.json.
# Runs its own stack (broker + API) under target/bench/scale-home, on the KOLEJKA_*_PORT ports, and stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KOLEJKA_HOME="${KOLEJKA_HOME:-$ROOT/target/bench/scale-home}"
export KOLEJKA_WORKERS=0
JOBS="${KOLEJKA_SCALE_JOBS:-1500}"            # measured jobs per run
WARMUP_JOBS="${KOLEJKA_SCALE_WARMUP_JOBS:-300}"
ITERATIONS="${KOLEJKA_SCALE_ITERATIONS:-180000}" # about 10 ms of SHA-256 per job on this machine kind
API="http://127.0.0.1:${KOLEJKA_API_PORT:-8080}"
BASE_PORT="${KOLEJKA_WORKER_MANAGEMENT_BASE_PORT:-8091}"
OUT="$ROOT/target/bench/scale.json"
WORKER_JAR="$ROOT/worker-service/target/kolejka-worker-service-0.1.0-SNAPSHOT-exec.jar"

die() { printf 'bench scale: %s\n' "$*" >&2; exit 1; }
command -v taskset >/dev/null || die "taskset is missing (Debian package util-linux)"
(($(nproc) >= 2)) || die "needs 2 cores to pin 2 workers, this machine has $(nproc)"
JAVA="$("$ROOT/kolejka" java-home)/bin/java"

cleanup() { "$ROOT/kolejka" down >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 143' TERM INT # so that EXIT runs the cleanup
mkdir -p "$(dirname "$KOLEJKA_HOME")"
# on a busy machine the API may need more than up's 90 s: up again reuses what runs and waits once more
for attempt in 1 2 3; do
  "$ROOT/kolejka" up >"$KOLEJKA_HOME.up.log" 2>&1 && break
  ((attempt < 3)) || die "the stack did not start (see $KOLEJKA_HOME.up.log)"
done
KEY="$(<"$KOLEJKA_HOME/api-key")"

start_worker() { # start_worker <n> <core>: pid file where ./kolejka down finds it
  local n="$1" core="$2" port=$((BASE_PORT + $1 - 1))
  taskset -c "$core" "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    --add-opens=java.base/java.lang.invoke=ALL-UNNAMED -jar "$WORKER_JAR" --kolejka.worker.id="scale-$n" \
    --server.address=127.0.0.1 --server.port="$port" --management.server.port="$port" \
    --kolejka.worker.pools.process.enabled=false \
    --spring.kafka.bootstrap-servers="127.0.0.1:${KOLEJKA_KAFKA_PORT:-9092}" \
    >"$KOLEJKA_HOME/logs/worker-$n.log" 2>&1 &
  echo $! >"$KOLEJKA_HOME/run/worker-$n.pid"
  for _ in $(seq 1 300); do # a busy machine can take minutes to start a JVM
    curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "worker $n did not become healthy (see $KOLEJKA_HOME/logs/worker-$n.log)"
}

stop_workers() {
  local file pid
  for file in "$KOLEJKA_HOME"/run/worker-*.pid; do
    [[ -e "$file" ]] || continue
    pid="$(<"$file")"; kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true; rm -f "$file"
  done
}

run_batch() { # run_batch <jobs>: seconds from submit until every job succeeded
  local jobs="$1" items body id state start end
  items="$(printf '{"iterations":%s},' $(seq 1 "$jobs" | sed "s/.*/$ITERATIONS/"))"
  body="{\"task\":\"cpu-burn\",\"items\":[${items%,}],\"options\":{\"pool\":\"cpu\"}}"
  start="$(date +%s.%N)"
  id="$(curl -fsS -X POST "$API/api/v1/jobs/batch" -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" \
    -d "$body" | sed -E 's/.*"batchId":"([^"]+)".*/\1/')"
  for _ in $(seq 1 20); do # at most 20 long polls of 60 s
    state="$(curl -fsS -H "Authorization: Bearer $KEY" "$API/api/v1/batches/$id?waitSeconds=60" \
      | sed -E 's/.*"state":"([A-Z_]+)".*/\1/')"
    [[ "$state" == SUCCEEDED ]] && break
    [[ "$state" == FAILED || "$state" == CANCELLED ]] && die "batch $id ended $state"
  done
  [[ "$state" == SUCCEEDED ]] || die "batch $id did not finish in 20 minutes"
  end="$(date +%s.%N)"
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

measure() { # measure <workers>: prints jobs per second
  local n seconds
  for ((n = 1; n <= $1; n++)); do start_worker "$n" "$((n - 1))"; done
  run_batch "$WARMUP_JOBS" >/dev/null
  seconds="$(run_batch "$JOBS")"
  stop_workers
  printf '%s' "$seconds"
}

one="$(measure 1)"
two="$(measure 2)"
calc() { awk "BEGIN { print $1 }"; }
rate_one="$(calc "$JOBS / $one")"
rate_two="$(calc "$JOBS / $two")"
ratio="$(calc "$rate_two / $rate_one")"
mkdir -p "$(dirname "$OUT")"
printf '{"ratio":%.3f,"jobs":%d,"iterations":%d,"cores":%d,"oneWorker":{"seconds":%.3f,"jobsPerSecond":%.2f},"twoWorkers":{"seconds":%.3f,"jobsPerSecond":%.2f},"note":"each worker pinned to its own core with taskset; broker and API unpinned on the same machine"}\n' \
  "$ratio" "$JOBS" "$ITERATIONS" "$(nproc)" "$one" "$rate_one" "$two" "$rate_two" >"$OUT"
printf '1 worker:  %.1f jobs/s (%d jobs in %.1f s)\n2 workers: %.1f jobs/s (%d jobs in %.1f s)\n' \
  "$rate_one" "$JOBS" "$one" "$rate_two" "$JOBS" "$two"
printf 'scale-out ratio 2 workers / 1 worker: %.2f\n' "$ratio"
echo "wrote $OUT"
