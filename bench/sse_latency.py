#!/usr/bin/env python3
"""Listens to a dashboard's event stream as a page would and records, for every epoch event, how long after
the epoch ended (the event's endedAtMillis, same machine's clock) it arrived. Writes one line per epoch:
run, epoch, latency in ms. Usage: bench/sse_latency.py URL OUT_FILE (stops when the stream ends)."""
import json
import sys
import time
import urllib.request

url, out = sys.argv[1], sys.argv[2]
with urllib.request.urlopen(url.rstrip("/") + "/events", timeout=3600) as stream, open(out, "w") as f:
    event = None
    for raw in stream:
        line = raw.decode("utf-8").rstrip("\n")
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:") and event == "epoch":
            now = time.time() * 1000
            d = json.loads(line[5:])
            if "endedAtMillis" in d:
                f.write("%s\t%s\t%.1f\n" % (d["run"], d["epoch"], now - d["endedAtMillis"]))
                f.flush()
        elif line == "":
            event = None
