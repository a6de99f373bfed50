# Sourced by run.sh and drain.sh: a Release build of c360, the librdkafka mock cluster with one topic `bench`, the kcat
# reference read, and `c360 serve` on it; everything started is stopped on exit.
# BENCH_BIN=dir reuses an earlier Release build. The temp dir (a 10M drain leaves a 6 GB store) is removed on exit
# unless BENCH_KEEP=1.

# bench_setup NAME: OUT (a temp dir), C360 (the command), and the exit trap.
bench_setup() {
  OUT=$(mktemp -d "/tmp/c360-bench-$1.XXXX")
  PIDS=()
  trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$OUT"' EXIT
  BIN=${BENCH_BIN:-$OUT/bin}
  [ -f "$BIN/c360.dll" ] || dotnet build src/Customer360.Cli -c Release -o "$BIN" -v q -nologo >/dev/null
  C360="dotnet $BIN/c360.dll"
}

# start_mock PARTITIONS: B (its bootstrap servers). The mock keeps ~5 MiB per partition (older segments are dropped).
start_mock() {
  $C360 dev-services kafka --brokers 1 --topic "bench:$1" --ignore-stdin >"$OUT/kafka.log" 2>&1 &
  PIDS+=($!)
  until grep -qs '^KAFKA_BOOTSTRAP_SERVERS=' "$OUT/kafka.log"; do sleep 0.2; done
  B=$(grep '^KAFKA_BOOTSTRAP_SERVERS=' "$OUT/kafka.log" | cut -d= -f2)
}

# Producing to the mock: keyless messages at random over the partitions (they otherwise stick to one per batch).
KCAT_PRODUCE=(-X linger.ms=20 -X batch.num.messages=10000 -X sticky.partitioning.linger.ms=0)

# kcat_read_all: the reference, raw consumption of the whole topic with nothing done with the messages. GOT, KCAT_S.
kcat_read_all() {
  local t0
  t0=$(date +%s.%N)
  GOT=$(kcat -C -b "$B" -t bench -o beginning -e -q -f 'x\n' | wc -l)
  KCAT_S=$(echo "$(date +%s.%N) - $t0" | bc -l)
  echo "kcat -C -e -q: $GOT messages in ${KCAT_S}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# start_serve DB GROUP: `c360 serve` consuming the topic at its defaults into DB. PORT, SERVE (its pid).
start_serve() {
  PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  KAFKA_ENABLED=true KAFKA_BOOTSTRAP_SERVERS="$B" KAFKA_TOPICS=bench KAFKA_GROUP_ID="$2" Logging__LogLevel__Default=Warning \
    $C360 serve --db "$1" --urls "http://127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
  SERVE=$!
  PIDS+=($SERVE)
}
