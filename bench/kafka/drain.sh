#!/usr/bin/env bash
# A large backlog through Kafka: time and peak RSS of `c360 serve` draining it, beside `kcat -C -e -q` on the same topic.
# Usage: bench/kafka/drain.sh [events=10000000] [customers=1000000] [partitions=1500]
# The mock cluster keeps at most ~5 MiB per partition, so 10M mixed events (5.8 GB) need >1,100 partitions; it holds
# them in memory (~2.2 GB RSS here). The events are generated straight into kcat: no file.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/kafka/common.sh
N=${1:-10000000}
CUSTOMERS=${2:-1000000}
P=${3:-1500}
bench_setup drain
start_mock "$P"

/usr/bin/python3 bench/gen_mixed_events.py "$N" "$CUSTOMERS" | kcat -P -b "$B" -t bench "${KCAT_PRODUCE[@]}" -X queue.buffering.max.kbytes=1048576
kcat_read_all

start_serve "$OUT/drain.db" "drain-$$"
start=$(date +%s)
while true; do
  sleep 10
  e=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^c360_events_total\{/ {s += $NF} END {print s + 0}')
  echo "$(( $(date +%s) - start ))s: $e events stored, peak RSS $(awk '/VmHWM/ {print $2, $3}' "/proc/$SERVE/status"), load $(cut -d' ' -f1 /proc/loadavg)"
  [ "$e" -ge "$GOT" ] && break
done
echo "drained $GOT events in $(( $(date +%s) - start ))s (from the service's start); CPU $(ps -o cputime= -p "$SERVE")"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^dotnet_gc_(pause|collections)' || true
ls -l "$OUT/drain.db"
