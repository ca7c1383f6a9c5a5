#!/usr/bin/env python3
"""Thread CPU (not wall time) of the page's main thread in a ChatRenderBenchmark trace.

On a loaded machine a task's wall time is mostly time the renderer waited for a core; the trace's
thread time (tdur) is the work itself. Prints the longest tasks by CPU, the total, and the CPU per
third of the trace by kind of work, which shows whether the cost of an update grows with the answer.
Usage: python3 src/test/resources/bench/render-trace-cpu.py [target/bench/render-trace.json]
"""
import collections
import json
import sys

events = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "target/bench/render-trace.json"))
events = events["traceEvents"] if isinstance(events, dict) else events
mains = {(e["pid"], e["tid"]) for e in events
         if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
on_main = [e for e in events if (e.get("pid"), e.get("tid")) in mains and e.get("ph") == "X"]
tasks = [e for e in on_main if e["name"] == "RunTask"]
busiest = collections.Counter()
for t in tasks:
    busiest[(t["pid"], t["tid"])] += t.get("dur", 0)
page = busiest.most_common(1)[0][0]
tasks = [t for t in tasks if (t["pid"], t["tid"]) == page]
on_main = [e for e in on_main if (e["pid"], e["tid"]) == page]
cpu = sorted((t.get("tdur", 0) / 1000 for t in tasks), reverse=True)
print("tasks %d; CPU: longest (ms) %s; over 50 ms %d; total %.0f ms"
      % (len(cpu), [round(c, 1) for c in cpu[:6]], sum(1 for c in cpu if c > 50), sum(cpu)))
start = min(e["ts"] for e in on_main)
third = (max(e["ts"] for e in on_main) - start) / 3 or 1
kinds = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
for e in on_main:
    if e["name"] in ("FunctionCall", "ParseHTML", "Layout", "UpdateLayoutTree", "Paint", "MajorGC"):
        kinds[e["name"]][min(2, int((e["ts"] - start) / third))] += e.get("tdur", 0) / 1000
for kind, per_third in kinds.items():
    print("CPU ms per third of the trace, %s: %s" % (kind, [round(x) for x in per_third]))
