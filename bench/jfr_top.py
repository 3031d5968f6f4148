#!/usr/bin/env python3
"""Where a JFR recording's CPU samples go, within one phase of a ./kolejka bench run.

  jfr print --json --events jdk.ExecutionSample api.jfr > api.json
  python3 bench/jfr_top.py api.json [START_ISO END_ISO] [TOP]

START/END: a phase's times from target/bench/report.json (details.phases). Prints the share of samples per
thread (pool names without their numbers), per top frame (self time), per package of the top frame, and per
'inclusive' frame of our own code (dev.kolejka.*) and of the main libraries.
"""
import collections
import datetime
import json
import re
import sys


def when(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def frame_name(frame):
    method = frame.get("method") or {}
    cls = ((method.get("type") or {}).get("name") or "?").replace("/", ".")
    return cls + "." + (method.get("name") or "?")


def main(argv):
    events = json.load(open(argv[0]))["recording"]["events"]
    start = when(argv[1]) if len(argv) > 2 else None
    end = when(argv[2]) if len(argv) > 2 else None
    top = int(argv[3]) if len(argv) > 3 else 25
    threads, selfs, packages, inclusive = (collections.Counter() for _ in range(4))
    total = 0
    for event in events:
        values = event["values"]
        at = when(values["startTime"])
        if start and not (start <= at <= end):
            continue
        frames = (values.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        total += 1
        thread = (values.get("sampledThread") or {}).get("javaName") or "?"
        threads[re.sub(r"\d+", "N", thread)] += 1
        selfs[frame_name(frames[0])] += 1
        packages[".".join(frame_name(frames[0]).split(".")[:3])] += 1
        seen = set()
        for frame in frames:
            name = frame_name(frame)
            key = None
            if name.startswith("dev.kolejka."):
                key = name
            elif re.match(r"(org\.apache\.kafka\.clients\.producer\.KafkaProducer\.send|org\.rocksdb\.RocksDB\.(get|put|write)"
                          r"|org\.apache\.kafka\.streams\.processor\.internals\.GlobalStateUpdateTask\.update"
                          r"|tools\.jackson\.databind\.ObjectMapper\.|tools\.jackson\.databind\.ObjectWriter\."
                          r"|org\.apache\.fory\.Fory\.serialize|org\.apache\.fory\.Fory\.deserialize"
                          r"|org\.apache\.catalina\.connector\.CoyoteAdapter\.service"
                          r"|org\.springframework\.web\.servlet\.DispatcherServlet\.doDispatch)", name):
                key = name
            if key and key not in seen:
                seen.add(key)
                inclusive[key] += 1
    print("samples:", total)
    for title, counter in (("threads", threads), ("top frames (self)", selfs), ("packages of the top frame", packages),
                           ("inclusive (our code and main library entry points)", inclusive)):
        print("\n## " + title)
        for name, count in counter.most_common(top):
            print("%5.1f %%  %6d  %s" % (100.0 * count / max(total, 1), count, name))


if __name__ == "__main__":
    main(sys.argv[1:])
