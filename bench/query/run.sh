#!/bin/bash
# Read-side benchmark on one store: `c360 serve` on DB, the query load process beside raw SQLite reads of the
# same file, the server's peak RSS, then startup to healthy on DB and on an empty file.
# Usage: bench/query/run.sh DB [C360_DLL] [REQUESTS]   (C360_DLL defaults to the Release build of src/Customer360.Cli)
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=$1
DLL=${2:-src/Customer360.Cli/bin/Release/net10.0/c360.dll}
REQUESTS=${3:-3000}
PORT=$((18000 + RANDOM % 1000))
FLOOR_PORT=$((PORT + 1000))
dotnet build -c Release bench/query -v q -nologo | grep -E " error |rror\(s\)" || true
dotnet build -c Release bench/http-floor -v q -nologo | grep -E " error |rror\(s\)" || true
dotnet bench/http-floor/bin/Release/net10.0/HttpFloor.dll --urls "http://127.0.0.1:$FLOOR_PORT" > /dev/null 2>&1 &
FLOOR=$!
dotnet "$DLL" serve --db "$DB" --urls "http://127.0.0.1:$PORT" > /dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER $FLOOR 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" > /dev/null; do sleep 0.2; done
until curl -sf "http://127.0.0.1:$FLOOR_PORT/ready" > /dev/null; do sleep 0.2; done
dotnet bench/query/bin/Release/net10.0/QueryBench.dll query --db "$DB" --url "http://127.0.0.1:$PORT" \
  --floor-url "http://127.0.0.1:$FLOOR_PORT" --requests "$REQUESTS" --warmup 500 --max-seconds "${MAX_SECONDS:-90}"
echo
echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | tr -s ' ')"
kill $SERVER; wait $SERVER 2>/dev/null || true
echo
python3 bench/query/startup.py "$DLL" "$DB" empty --runs "${STARTUP_RUNS:-5}"
