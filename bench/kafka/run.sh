#!/usr/bin/env bash
# Kafka -> SQLite end to end (c360 serve with the Kafka source) beside `kcat -C -e -q` reading the same
# topic, in the same run, against the librdkafka mock cluster (`c360 dev-services kafka`).
# Usage: bench/kafka/run.sh [events] [partitions]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/kafka/common.sh
N=${1:-500000}
P=${2:-48}
bench_setup kafka
start_mock "$P" # many partitions: each holds ~5 MiB

/usr/bin/python3 bench/kafka/gen_events.py "$N" >"$OUT/events.jsonl"
kcat -P -b "$B" -t bench "${KCAT_PRODUCE[@]}" -l "$OUT/events.jsonl" 2>"$OUT/kcat-produce.log" || { cat "$OUT/kcat-produce.log"; exit 1; }
head -c 600 "$OUT/kcat-produce.log"
BYTES=$(stat -c %s "$OUT/events.jsonl")
echo "produced $N events ($((BYTES / 1024 / 1024)) MiB) to bench:$P at $B"

kcat_read_all

# Store-only reference: the same events through `c360 import` (parse + dedup + projection + SQLite, no Kafka).
head -n "$GOT" "$OUT/events.jsonl" >"$OUT/import.jsonl"
t0=$(date +%s.%N)
$C360 import "$OUT/import.jsonl" --db "$OUT/import.db" >"$OUT/import.log" 2>&1
t1=$(date +%s.%N)
IMPORT_S=$(echo "$t1 - $t0" | bc -l)
echo "c360 import (store only, incl. ~1s process start): $GOT events in ${IMPORT_S}s"

# Ours: consume, parse, dedup, project and commit every event to SQLite; offsets stored after each commit.
start_serve "$OUT/bench.db" "bench-$$"
/usr/bin/python3 bench/kafka/wait_events.py "http://127.0.0.1:$PORT" "$GOT" "$KCAT_S" "$IMPORT_S"
echo "c360 serve peak RSS: $(grep VmHWM "/proc/$SERVE/status" | tr -s ' \t' ' ' | cut -d' ' -f2-)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^c360_batch' || true
