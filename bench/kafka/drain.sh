#!/usr/bin/env bash
# A large backlog through Kafka: time and peak RSS of `c360 serve` draining it, beside `kcat -C -e -q` on the same topic.
# Usage: bench/kafka/drain.sh [events=10000000] [customers=1000000] [partitions=1500]
# The mock cluster keeps at most ~5 MiB per partition, so 10M mixed events (5.8 GB) need >1,100 partitions; it holds
# them in memory (~2.2 GB RSS here). The events are generated straight into kcat: no file.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000000}
CUSTOMERS=${2:-1000000}
P=${3:-1500}
OUT=$(mktemp -d /tmp/c360-bench-drain.XXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

BIN=${BENCH_BIN:-$OUT/bin}
[ -f "$BIN/c360.dll" ] || dotnet build src/Customer360.Cli -c Release -o "$BIN" -v q -nologo >/dev/null
C360="dotnet $BIN/c360.dll"

$C360 dev-services kafka --brokers 1 --topic "bench:$P" --ignore-stdin >"$OUT/kafka.log" 2>&1 &
PIDS+=($!)
until grep -qs '^KAFKA_BOOTSTRAP_SERVERS=' "$OUT/kafka.log"; do sleep 0.2; done
B=$(grep '^KAFKA_BOOTSTRAP_SERVERS=' "$OUT/kafka.log" | cut -d= -f2)

/usr/bin/python3 bench/gen_mixed_events.py "$N" "$CUSTOMERS" |
  kcat -P -b "$B" -t bench -X linger.ms=20 -X batch.num.messages=10000 -X sticky.partitioning.linger.ms=0 -X queue.buffering.max.kbytes=1048576
t0=$(date +%s.%N)
GOT=$(kcat -C -b "$B" -t bench -o beginning -e -q -f 'x\n' | wc -l)
echo "kcat -C -e -q: $GOT messages in $(echo "$(date +%s.%N) - $t0" | bc -l)s; load average $(cut -d' ' -f1-3 /proc/loadavg)"

PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
KAFKA_ENABLED=true KAFKA_BOOTSTRAP_SERVERS="$B" KAFKA_TOPICS=bench KAFKA_GROUP_ID="drain-$$" Logging__LogLevel__Default=Warning \
  $C360 serve --db "$OUT/drain.db" --urls "http://127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
SERVE=$!
PIDS+=($SERVE)
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
