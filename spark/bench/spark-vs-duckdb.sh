#!/usr/bin/env bash
# Spark (local[N]) against DuckDB on the same events, in the same run, through the real CLI launcher.
#   usage: spark/bench/spark-vs-duckdb.sh EVENTS_DIR [REPS] [MEMORY]
# Each rep runs duckdb then spark (alternating, so drifting machine load hits both); prints wall time (JVM start
# included), the engine time recorded in manifest.json (duration_millis), and spark/duckdb ratios of the medians.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
events="${1:?usage: $0 EVENTS_DIR [REPS] [MEMORY]}"
reps="${2:-3}"
memory="${3:-4GB}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "events: $events ($(find "$events" -name '*.parquet' | wc -l) files, $(du -sh "$events" | cut -f1))"
echo "settings: --as-of latest --memory-limit $memory, default --threads ($(nproc)), $reps reps"

declare -A wall engine
for rep in $(seq 1 "$reps"); do
  for e in duckdb spark; do
    out="$work/$e-$rep"
    start=$(date +%s%N)
    "$root/bin/player-attributes" compute --engine "$e" --events "$events" --as-of latest \
      --memory-limit "$memory" --out "$out" > "$work/$e-$rep.log" 2>&1 || { cat "$work/$e-$rep.log"; exit 1; }
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    dur=$(grep -o '"duration_millis" : [0-9]*' "$out/manifest.json" | grep -o '[0-9]*$')
    rows=$(grep -o '"row_count" : [0-9]*' "$out/manifest.json" | grep -o '[0-9]*$')
    wall[$e]+="$ms "
    engine[$e]+="$dur "
    printf "rep %d %-6s wall %7d ms  engine %7d ms  %d players\n" "$rep" "$e" "$ms" "$dur" "$rows"
  done
  rm -rf "$work"/*-"$rep"
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for e in duckdb spark; do
  printf "median %-6s wall %7.0f ms  engine %7.0f ms\n" "$e" "$(echo "${wall[$e]}" | median)" "$(echo "${engine[$e]}" | median)"
done
awk -v sw="$(echo "${wall[spark]}" | median)" -v dw="$(echo "${wall[duckdb]}" | median)" \
    -v se="$(echo "${engine[spark]}" | median)" -v de="$(echo "${engine[duckdb]}" | median)" \
    'BEGIN { printf "spark/duckdb: wall %.1fx, engine %.1fx (above 1 = DuckDB faster)\n", sw/dw, se/de }'
