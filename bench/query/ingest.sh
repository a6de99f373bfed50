#!/bin/bash
# HTTP batch ingest -> SQLite: FILE posted as NDJSON bodies to `c360 serve` (fresh database), beside the same bodies
# posted to bare Kestrel (the HTTP floor) and `c360 import` of the same file (the store without HTTP), in one run.
# Usage: bench/query/ingest.sh FILE [BATCH=1000] [CLIENTS=4] [C360_DLL]
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE=$1
BATCH=${2:-1000}
CLIENTS=${3:-4}
DLL=${4:-src/Customer360.Cli/bin/Release/net10.0/c360.dll}
OUT=$(mktemp -d /tmp/c360-ingest.XXXX)
PORT=$((18000 + RANDOM % 1000))
FLOOR_PORT=$((PORT + 1000))
dotnet build -c Release bench/query -v q -nologo | grep -E " error |rror\(s\)" || true
dotnet build -c Release bench/http-floor -v q -nologo | grep -E " error |rror\(s\)" || true
[ -f "$DLL" ] || dotnet build -c Release src/Customer360.Cli -v q -nologo | grep -E " error |rror\(s\)" || true
dotnet bench/http-floor/bin/Release/net10.0/HttpFloor.dll --urls "http://127.0.0.1:$FLOOR_PORT" > /dev/null 2>&1 &
FLOOR=$!
Logging__LogLevel__Default=Warning dotnet "$DLL" serve --db "$OUT/http.db" --urls "http://127.0.0.1:$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER $FLOOR 2>/dev/null || true; rm -rf "$OUT"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" > /dev/null; do sleep 0.2; done
until curl -sf "http://127.0.0.1:$FLOOR_PORT/ready" > /dev/null; do sleep 0.2; done
dotnet bench/query/bin/Release/net10.0/QueryBench.dll ingest --url "http://127.0.0.1:$PORT" --file "$FILE" --batch "$BATCH" \
  --clients "$CLIENTS" --floor-url "http://127.0.0.1:$FLOOR_PORT"
echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | tr -s ' '), CPU $(ps -o cputime= -p $SERVER)"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^c360_batch' | tr '\n' ' '; echo
t0=$(date +%s.%N)
dotnet "$DLL" import "$FILE" --db "$OUT/import.db" > /dev/null
t1=$(date +%s.%N)
echo "c360 import of the same file (store only, incl. ~0.6 s process start): $(echo "$(wc -l < "$FILE") / ($t1 - $t0)" | bc) events/s"
