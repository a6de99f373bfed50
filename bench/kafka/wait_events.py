# Polls /api/stats until all events are stored; prints throughput beside the kcat reference.
import json, sys, time, urllib.request
url, n, kcat_s, import_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
def events():
    # /metrics is in-memory counters; /api/stats would run COUNT queries against the store being measured.
    try:
        with urllib.request.urlopen(url + "/metrics", timeout=5) as r:
            return sum(int(l.rsplit(" ", 1)[1]) for l in r.read().decode().splitlines() if l.startswith("c360_events_total{"))
    except Exception:
        return -1
ready = None
while events() < 0:
    time.sleep(0.05)
ready = time.time()
first = None
first_count = 0  # events are counted at their commit: the first commit's events were stored before `first`
half = None  # (time, count) once half the events are stored: the rate after that is the warmed-up one
deadline = ready + 600
while True:
    e = events()
    now = time.time()
    if e > 0 and first is None:
        first, first_count = now, e
    if e >= n // 2 and half is None:
        half = (now, e)
    if e >= n or now > deadline:
        break
    time.sleep(0.05)
total = now - ready
flow = now - first
ours = (e - first_count) / flow
ref = n / kcat_s
print(f"c360 Kafka->SQLite: {e} events; {flow:.2f}s from the first commit to the last ({ours:,.0f} events/s after the first "
      f"commit's {first_count:,}); "
      f"{total:.2f}s from service ready incl. group join ({e / total:,.0f} events/s)")
if half is not None and now > half[0]:
    print(f"second half (JIT and caches warm): {(e - half[1]) / (now - half[0]):,.0f} events/s")
print(f"kcat raw consume:   {n} events in {kcat_s:.2f}s ({ref:,.0f} events/s)")
print(f"c360 import (store only): {n / import_s:,.0f} events/s")
print(f"ratio to kcat: {ours / ref:.3f}; ratio to store-only import: {ours / (n / import_s):.2f}")
