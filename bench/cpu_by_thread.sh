#!/usr/bin/env bash
# CPU seconds (user + kernel) a running process has spent so far, summed by thread name: which thread of
# `c360 serve` (writer pool threads, the Kafka consumer, the JIT, GC, librdkafka) a flow's CPU goes to.
# Usage: bench/cpu_by_thread.sh PID   (read it just before stopping the process)
set -euo pipefail
PID=$1
HZ=$(getconf CLK_TCK)
for t in /proc/"$PID"/task/*; do
  # fields after the ")" that ends the name: utime and stime are the 12th and 13th
  read -r -a f <<<"$(cut -d')' -f2- "$t/stat")"
  printf '%s\t%d\n' "$(cat "$t/comm")" $(( f[11] + f[12] ))
done | awk -F'\t' -v hz="$HZ" '{ cpu[$1] += $2 } END { for (n in cpu) if (cpu[n] > 0) printf "%8.2f s  %s\n", cpu[n] / hz, n }' | sort -nr
