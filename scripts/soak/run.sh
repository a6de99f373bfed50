#!/usr/bin/env bash
# The long fault soak: the Faults/ integration tests with a large stream, many kills -9, broker restarts, a write
# lock held past SQLite's timeouts and a full disk, per broker. Each broker's report (JSON) goes to the report file
# and to the console. Needs root for the tmpfs the disk-full periods fill (without it they are reported as skipped).
#   scripts/soak/run.sh [report-file]     environment C360_SOAK_* overrides the defaults below
#   C360_SOAK_ONLY=Kafka|RabbitMq|JetStream runs one broker
set -euo pipefail
cd "$(dirname "$0")/../.."
report="${1:-$PWD/soak-report.jsonl}"
: > "$report"

export C360_SOAK_REPORT="$report"
export C360_SOAK_EVENTS="${C360_SOAK_EVENTS:-100000}"
export C360_SOAK_RATE="${C360_SOAK_RATE:-500}"
export C360_SOAK_CUSTOMERS="${C360_SOAK_CUSTOMERS:-500}"
export C360_SOAK_KILLS="${C360_SOAK_KILLS:-10}"
export C360_SOAK_BROKER_RESTARTS="${C360_SOAK_BROKER_RESTARTS:-2}"
export C360_SOAK_LOCKS="${C360_SOAK_LOCKS:-2}"
export C360_SOAK_LOCK_SECONDS="${C360_SOAK_LOCK_SECONDS:-45}"
export C360_SOAK_DISK_FULLS="${C360_SOAK_DISK_FULLS:-2}"
export C360_SOAK_DISK_FULL_SECONDS="${C360_SOAK_DISK_FULL_SECONDS:-10}"
export C360_SOAK_VOLUME_MIB="${C360_SOAK_VOLUME_MIB:-1024}"
export C360_SOAK_PARTITIONS="${C360_SOAK_PARTITIONS:-16}"
export C360_SOAK_SEED="${C360_SOAK_SEED:-$RANDOM}"

echo "soak: $C360_SOAK_EVENTS events per broker at $C360_SOAK_RATE/s, seed $C360_SOAK_SEED, report $report"
dotnet build tests/Customer360.IntegrationTests -c Release -v q -nologo
started=$(date +%s)
status=0
dotnet test tests/Customer360.IntegrationTests -c Release --no-build --filter "FullyQualifiedName~Faults.FaultSoakTests${C360_SOAK_ONLY:+.$C360_SOAK_ONLY}" \
  --logger "console;verbosity=normal" || status=$?
echo "soak: $(( $(date +%s) - started )) s, exit $status"
cat "$report"
exit $status
