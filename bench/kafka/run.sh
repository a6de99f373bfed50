#!/usr/bin/env bash
# Kafka -> SQLite end to end (c360 serve with the Kafka source) beside `kcat -C -e -q` reading the same
# topic, in the same run, against the librdkafka mock cluster (`c360 dev-services kafka`).
# Usage: bench/kafka/run.sh [events] [partitions]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-500000}
P=${2:-48}
OUT=$(mktemp -d /tmp/c360-bench-kafka.XXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

BIN=${BENCH_BIN:-$OUT/bin}   # BENCH_BIN=dir reuses an earlier Release build
[ -f "$BIN/c360.dll" ] || dotnet build src/Customer360.Cli -c Release -o "$BIN" -v q -nologo >/dev/null
C360="dotnet $BIN/c360.dll"

# The mock cluster keeps ~5 MiB per partition (older segments are dropped): spread the events over many
# partitions, one at random per message (keyless messages otherwise stick to one partition per batch).
$C360 dev-services kafka --brokers 1 --topic "bench:$P" --ignore-stdin >"$OUT/kafka.log" 2>&1 &
PIDS+=($!)
until grep -qs '^KAFKA_BOOTSTRAP_SERVERS=' "$OUT/kafka.log"; do sleep 0.2; done
B=$(grep '^KAFKA_BOOTSTRAP_SERVERS=' "$OUT/kafka.log" | cut -d= -f2)

/usr/bin/python3 bench/kafka/gen_events.py "$N" >"$OUT/events.jsonl"
kcat -P -b "$B" -t bench -X linger.ms=20 -X batch.num.messages=10000 -X sticky.partitioning.linger.ms=0 -l "$OUT/events.jsonl" 2>"$OUT/kcat-produce.log" || { cat "$OUT/kcat-produce.log"; exit 1; }
head -c 600 "$OUT/kcat-produce.log"
BYTES=$(stat -c %s "$OUT/events.jsonl")
echo "produced $N events ($((BYTES / 1024 / 1024)) MiB) to bench:$P at $B"

# Reference: raw consumption of the same topic, nothing done with the messages.
t0=$(date +%s.%N)
GOT=$(kcat -C -b "$B" -t bench -o beginning -e -q -f 'x\n' | wc -l)
t1=$(date +%s.%N)
KCAT_S=$(echo "$t1 - $t0" | bc -l)
echo "kcat -C -e -q: $GOT messages in ${KCAT_S}s"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# Store-only reference: the same events through `c360 import` (parse + dedup + projection + SQLite, no Kafka).
head -n "$GOT" "$OUT/events.jsonl" >"$OUT/import.jsonl"
t0=$(date +%s.%N)
$C360 import "$OUT/import.jsonl" --db "$OUT/import.db" >"$OUT/import.log" 2>&1
t1=$(date +%s.%N)
IMPORT_S=$(echo "$t1 - $t0" | bc -l)
echo "c360 import (store only, incl. ~1s process start): $GOT events in ${IMPORT_S}s"

# Ours: consume, parse, dedup, project and commit every event to SQLite; offsets stored after each commit.
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The source's default batching: one batch written while the next is read (up to Kafka:BatchSize).
KAFKA_ENABLED=true KAFKA_BOOTSTRAP_SERVERS="$B" KAFKA_TOPICS=bench KAFKA_GROUP_ID="bench-$$" \
  Logging__LogLevel__Default=Warning \
  $C360 serve --db "$OUT/bench.db" --urls "http://127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
PIDS+=($!)
/usr/bin/python3 bench/kafka/wait_events.py "http://127.0.0.1:$PORT" "$GOT" "$KCAT_S" "$IMPORT_S"
echo "c360 serve peak RSS: $(grep VmHWM "/proc/${PIDS[1]}/status" | tr -s ' \t' ' ' | cut -d' ' -f2-)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^c360_batch' || true
