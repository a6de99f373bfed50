#!/usr/bin/env bash
# Every test: unit, store contract, HTTP end to end, real brokers and PostgreSQL, browser.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet test Customer360.slnx --logger "console;verbosity=normal" "$@"
