"""Celery + Redis peer of Kolejka's benchmark suite (driven by dev.kolejka.bench.CeleryPeer).

The approach of shared/peers/celery (client.py, tasks.py): the same task definitions, the JSON serializer,
Celery's defaults otherwise, timing from the first apply_async. One mode per run; the result is one JSON line.

  worker side:  python3 -m celery -A celery_bench worker -P prefork -c 2 -Q bench ...
  client side:  python3 celery_bench.py MODE ARGS...
    calibrate SECONDS        single-thread cpu() units/s (tight loop, no Celery)
    burst noop N             N apply_async then .get() of every result: tasks/s
    burst cpu N UNITS        the same with cpu(UNITS)
    sleeps N MS              N io(MS) on the 'sleep' queue (threads pool), submit -> last result: seconds
    submit N                 apply_async only, to a queue no worker reads (then dropped): calls/s
    rtt N WARMUP             apply_async(...).get() one at a time: latencies in ms
"""
import hashlib
import json
import os
import sys
import time

from celery import Celery

REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:49021")
app = Celery("bench", broker=REDIS + "/0", backend=REDIS + "/1")
app.conf.update(task_default_queue="bench", task_serializer="json", result_serializer="json",
                accept_content=["json"])


def cpu(units):
    """h = 64 zero bytes; units times: h = SHA-256(h) twice over (64 bytes again): the peers' cpu()"""
    sha = hashlib.sha256
    h = bytes(64)
    for _ in range(units):
        h = sha(h).digest() * 2
    return h[:8].hex()


@app.task(name="bench.noop")
def noop(x):
    return x


@app.task(name="bench.cpu")
def cpu_task(units):
    return cpu(units)


@app.task(name="bench.io")
def io(ms):
    time.sleep(ms / 1000.0)
    return ms


def warm():
    noop.apply_async(args=(-1,)).get(timeout=120)


def calibrate(seconds):
    """the best 250 ms slice, like the Java side: a moment when others take the core is not the machine's speed"""
    cpu(10000)
    best, end = 0.0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < 0.25:
            cpu(1000)
            done += 1000
        best = max(best, done / (time.perf_counter() - start))
    return {"units_per_s": best}


def burst(task, args, n, queue="bench"):
    warm()
    start = time.perf_counter()
    results = [task.apply_async(args=args(i), queue=queue) for i in range(n)]
    values = [r.get(timeout=3600) for r in results]
    wall = time.perf_counter() - start
    return {"n": n, "wall_s": wall, "per_s": n / wall, "results": len(values)}


def submit(n):
    noop.apply_async(args=(0,), queue="bench-submit-only")
    start = time.perf_counter()
    for i in range(n):
        noop.apply_async(args=(i,), queue="bench-submit-only")
    wall = time.perf_counter() - start
    app.connection_for_write().default_channel.client.delete("bench-submit-only")
    return {"n": n, "wall_s": wall, "per_s": n / wall}


def rtt(n, warmup):
    millis = []
    for i in range(n + warmup):
        start = time.perf_counter()
        value = noop.apply_async(args=(i,)).get(timeout=60)
        if value != i:
            raise SystemExit("wrong result")
        if i >= warmup:
            millis.append((time.perf_counter() - start) * 1000.0)
    return {"n": n, "millis": millis}


def main(argv):
    mode = argv[0]
    if mode == "calibrate":
        out = calibrate(float(argv[1]))
    elif mode == "burst" and argv[1] == "noop":
        out = burst(noop, lambda i: (i,), int(argv[2]))
    elif mode == "burst" and argv[1] == "cpu":
        units = int(argv[3])
        out = burst(cpu_task, lambda i: (units,), int(argv[2]))
    elif mode == "sleeps":
        ms = int(argv[2])
        out = burst(io, lambda i: (ms,), int(argv[1]), queue="sleep")
    elif mode == "submit":
        out = submit(int(argv[1]))
    elif mode == "rtt":
        out = rtt(int(argv[1]), int(argv[2]))
    else:
        raise SystemExit("unknown mode " + mode)
    out["client_pid"] = os.getpid()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
