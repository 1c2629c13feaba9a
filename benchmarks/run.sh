#!/usr/bin/env bash
# Measures compute, publish, serve and end-to-end side by side in one run, on this machine, and writes
# benchmarks/results/<date>.md. Every load goes to 127.0.0.1 only; every phase is bounded in time.
#
# Usage: benchmarks/run.sh            (about 15 minutes on 2 cores)
# Environment:
#   EVENTS_DIR     real raw events            (default: ../shared/data/raw-events beside the repository)
#   DURATION       seconds per measured load  (default: 20; each load also has 5 s of warm-up)
#   MAX_DURATION   seconds per max-throughput load (default: 10)
#   MAX_RATE       requests/s asked for in the max-throughput loads (default: 100000)
#   COMPUTE_ROUNDS rounds of compute vs GROUP BY (default: 3)
#   GENERATE_PLAYERS synthetic players to generate (default: 100000)
#   PUBLISH_ROWS   synthetic snapshot sizes   (default: "100000 10000000")
#   API_PORT / NGINX_PORT                     (default: 18181 / 18182)
#   BENCH_WORK     scratch directory          (default: var/bench-work; deleted at the end unless KEEP_WORK=1)
# It installs GNU time and nginx-light from Debian packages if they are missing, and stops only what it started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
EVENTS_DIR="${EVENTS_DIR:-$root/../shared/data/raw-events}"
DURATION="${DURATION:-20}"
MAX_DURATION="${MAX_DURATION:-10}"
MAX_RATE="${MAX_RATE:-100000}"
COMPUTE_ROUNDS="${COMPUTE_ROUNDS:-3}"
GENERATE_PLAYERS="${GENERATE_PLAYERS:-100000}"
WARMUP=5
PUBLISH_ROWS="${PUBLISH_ROWS:-100000 10000000}"
API_PORT="${API_PORT:-18181}"
NGINX_PORT="${NGINX_PORT:-18182}"
WORK="${BENCH_WORK:-$root/var/bench-work}"
JAR="$root/app/target/player-attributes.jar"
CLI="$root/bin/player-attributes"
DATE="$(date -u +%Y-%m-%d)"
RESULT="$root/benchmarks/results/$DATE.md"
LOG="$WORK/log"

started_pids=()
nginx_conf=""
cleanup() {
  local pid child
  for pid in "${started_pids[@]:-}"; do
    [[ -n "$pid" ]] || continue
    for child in $(pgrep -P "$pid" 2>/dev/null); do # the server under GNU time
      kill "$child" 2>/dev/null || true
    done
    kill "$pid" 2>/dev/null || true
  done
  if [[ -n "$nginx_conf" && -f "$WORK/nginx/nginx.pid" ]]; then
    nginx -c "$nginx_conf" -p "$WORK/nginx" -s quit 2>/dev/null || true
  fi
  if [[ "${KEEP_WORK:-0}" != 1 ]]; then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*" >&2; }
row() { printf '%s\n' "$*" >> "$WORK/results.md"; }
skipped() { row "SKIPPED: $*"; printf 'SKIPPED: %s\n' "$*" >&2; }
# value of a numeric field in the bench --json output
jnum() { sed -n "s/.*\"$2\" : \([0-9.eE+-]*\).*/\1/p" "$1" | head -1; }
# "Maximum resident set size (kbytes): N" from GNU time -v, in MiB
rss_mib() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }
fmt() { LC_ALL=C printf "%'.${2:-0}f" "$1"; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_http() { # url, seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.1
  done
  return 1
}

rm -rf "$WORK"
mkdir -p "$WORK" "$root/benchmarks/results"
: > "$WORK/results.md"

# --- tools -----------------------------------------------------------------------------------------------
need_pkgs=()
[[ -x /usr/bin/time ]] || need_pkgs+=(time)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need_pkgs+=(nginx-light)
command -v curl >/dev/null || need_pkgs+=(curl)
if ((${#need_pkgs[@]})); then
  say "installing ${need_pkgs[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

say "building"
./mvnw -q -DskipTests package

# --- machine ---------------------------------------------------------------------------------------------
cores="$(nproc)"
mem="$(free -g | awk '/^Mem:/ {print $2}') GiB"
cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
java_version="$(java -version 2>&1 | head -1)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

has_class() { javap -cp "$JAR" "${1//\//.}" >/dev/null 2>&1; }
has_command() { "$CLI" "$1" --help >/dev/null 2>&1; }

# --- compute ---------------------------------------------------------------------------------------------
row "## Compute: user_panel of the real events vs a plain GROUP BY"
row ""
compute_rss=""
snapshot="$WORK/snapshot-real"
if [[ ! -d "$EVENTS_DIR" ]]; then
  skipped "compute: no real events at $EVENTS_DIR (set EVENTS_DIR)"
else
  nfiles="$(ls "$EVENTS_DIR"/*.parquet | wc -l)"
  if has_class com/playerattributes/bench/ComputeBenchmark; then
    say "compute vs GROUP BY baseline ($nfiles files, $COMPUTE_ROUNDS rounds)"
    java -cp "$JAR" com.playerattributes.bench.ComputeBenchmark "$EVENTS_DIR" "$COMPUTE_ROUNDS" | tee "$WORK/compute-bench.txt" >&2
    # Lines as ComputeBenchmark prints them, e.g. "compute            median 1.001 s wall, 1.930 s cpu".
    median_of() { sed -n "s/^$1 *median \([0-9.]*\) s wall.*/\1/p" "$WORK/compute-bench.txt"; }
    ratio_of() { sed -n "s/^ratio $1\/baseline(columns): *\([0-9.]*\)x wall, \([0-9.]*\)x cpu/\1x wall, \2x cpu/p" "$WORK/compute-bench.txt"; }
    row "| input | plain GROUP BY, one aggregate per column (median of $COMPUTE_ROUNDS) | SQL alone | compute, whole job | ratio compute/GROUP BY | ratio SQL/GROUP BY |"
    row "|---|---|---|---|---|---|"
    row "| $nfiles files, $(du -sh "$EVENTS_DIR" | cut -f1) | $(median_of 'baseline(columns)') s | $(median_of query) s | $(median_of compute) s | $(ratio_of compute) | $(ratio_of query) |"
  else
    skipped "compute vs GROUP BY: com.playerattributes.bench.ComputeBenchmark is not in this build"
  fi
  say "compute CLI under /usr/bin/time -v"
  /usr/bin/time -v -o "$WORK/compute.time" "$CLI" compute --events "$EVENTS_DIR" --as-of latest --out "$snapshot" >&2
  compute_rss="$(rss_mib "$WORK/compute.time")"
  compute_wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/compute.time")"
  row ""
  row "\`bin/player-attributes compute --events EVENTS_DIR --as-of latest\` on the same $nfiles files: wall $compute_wall, peak RSS $compute_rss MiB."
fi
row ""

# --- generate ----------------------------------------------------------------------------------------------
row "## Synthetic events: generate"
row ""
if has_command generate; then
  say "generate $GENERATE_PLAYERS players"
  /usr/bin/time -v -o "$WORK/generate.time" "$CLI" generate --players "$GENERATE_PLAYERS" --out "$WORK/synthetic" --seed 7 \
    | tee "$WORK/generate.txt" >&2
  generate_rss="$(rss_mib "$WORK/generate.time")"
  row "\`bin/player-attributes generate --players $GENERATE_PLAYERS --seed 7\`: $(sed 's/^generated [^:]*: //' "$WORK/generate.txt"); peak RSS $generate_rss MiB."
  rm -rf "$WORK/synthetic"
else
  skipped "generate: no generate command in this build"
fi
row ""

# --- publish ---------------------------------------------------------------------------------------------
row "## Publish: synthetic snapshots into RocksDB"
row ""
publish_rss=""
serve_store=""
serve_players=""
if has_class com/playerattributes/bench/PublishBenchmark; then
  say "publish benchmark: $PUBLISH_ROWS rows"
  /usr/bin/time -v -o "$WORK/publish.time" java -Xmx1g -cp "$JAR" com.playerattributes.bench.PublishBenchmark \
    --work "$WORK/publish" $PUBLISH_ROWS | tee "$WORK/publish.txt" >&2
  publish_rss="$(rss_mib "$WORK/publish.time")"
  row "\`java -Xmx1g -cp app/target/player-attributes.jar com.playerattributes.bench.PublishBenchmark --work WORK $PUBLISH_ROWS\` (one process; peak RSS $publish_rss MiB):"
  row ""
  row '```'
  grep -v '^machine:' "$WORK/publish.txt" >> "$WORK/results.md"
  row '```'
  largest="${PUBLISH_ROWS##* }"
  if [[ -f "$WORK/publish/snapshot-$largest/manifest.json" ]] && has_command publish; then
    say "publish CLI: $largest rows into a fresh store"
    /usr/bin/time -v -o "$WORK/publish-big.time" "$CLI" publish --snapshot "$WORK/publish/snapshot-$largest" \
      --store "$WORK/store" | tee "$WORK/publish-big.txt" >&2
    publish_cli_rss="$(rss_mib "$WORK/publish-big.time")"
    row ""
    row "\`bin/player-attributes publish\` of the $(fmt "$largest")-player snapshot into a fresh RocksDB store (the one served below): wall $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/publish-big.time"), peak RSS $publish_cli_rss MiB."
    row ""
    row '```'
    cat "$WORK/publish-big.txt" >> "$WORK/results.md"
    row '```'
    serve_store="$WORK/store"
    serve_players="$WORK/publish/snapshot-$largest"
  fi
else
  skipped "publish: com.playerattributes.bench.PublishBenchmark is not in this build"
fi
row ""

# --- serve -------------------------------------------------------------------------------------------------
row "## API: open-loop load (latency from intended send time), vs nginx serving a static answer"
row ""
serve_rss=""
serve_pid=""
time_pid=""
if ! has_command serve; then
  skipped "API: no serve command in this build"
elif [[ -z "$serve_store" ]]; then
  skipped "API: no published store to serve (publish phase skipped)"
elif ! port_free "$API_PORT" || ! port_free "$NGINX_PORT"; then
  skipped "API: port $API_PORT or $NGINX_PORT is in use (set API_PORT / NGINX_PORT)"
else
  say "serve $serve_store on 127.0.0.1:$API_PORT"
  /usr/bin/time -v -o "$WORK/serve.time" "$CLI" serve --store "$serve_store" --host 127.0.0.1 --port "$API_PORT" \
    > "$WORK/serve.log" 2>&1 &
  time_pid=$!
  started_pids+=("$time_pid")
  api="http://127.0.0.1:$API_PORT"
  if ! wait_http "$api/readyz" 60; then
    skipped "API: the server did not become ready in 60 s ($(tail -1 "$WORK/serve.log"))"
  else
    serve_pid="$(pgrep -P "$time_pid" | head -1)"
    started_pids+=("$serve_pid")
    bench() { # name, extra args...
      local name="$1"
      local seconds="$DURATION"
      shift
      [[ "$name" == *max ]] && seconds="$MAX_DURATION"
      say "bench $name"
      "$CLI" bench --warmup "$WARMUP" --duration "$seconds" --drain-timeout 30 --json "$@" > "$WORK/bench-$name.json"
      cat "$WORK/bench-$name.json" >&2
    }
    bench_row() { # label, name
      local f="$WORK/bench-$2.json"
      local errs
      errs="$(tr -d '\n ' < "$f" | sed -n 's/.*"errors":{\([^}]*\)}.*/\1/p' | tr -d '"')"
      row "| $1 | $(fmt "$(jnum "$f" targetRate)") | $(fmt "$(jnum "$f" achievedRate)") | $(fmt "$(jnum "$f" p50Ms)" 2) | $(fmt "$(jnum "$f" p90Ms)" 2) | $(fmt "$(jnum "$f" p99Ms)" 2) | $(fmt "$(jnum "$f" p999Ms)" 2) | $(fmt "$(jnum "$f" maxMs)" 2) | ${errs:-none} |"
    }
    # One file of sampled ids for every run, and one id for the static answer nginx serves.
    cat > "$WORK/SampleIds.java" <<'JAVA'
import java.sql.*;
public class SampleIds {
    public static void main(String[] a) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT player_id FROM read_parquet('" + a[0].replace("'", "''")
                     + "/part-*.parquet') USING SAMPLE reservoir(" + Long.parseLong(a[1]) + " ROWS) REPEATABLE (7)")) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) b.append(rs.getString(1)).append('\n');
            System.out.print(b);
        }
    }
}
JAVA
    java -cp "$JAR" "$WORK/SampleIds.java" "$serve_players" 1000000 > "$WORK/ids.txt"
    players=(--players "$WORK/ids.txt")
    bench api-1k --url "$api" --rate 1000 --connections 64 "${players[@]}"
    bench api-20k --url "$api" --rate 20000 --connections 64 "${players[@]}"
    bench api-max --url "$api" --rate "$MAX_RATE" --connections 64 "${players[@]}"
    bench api-all-20k --url "$api" --rate 20000 --connections 64 --mix all=1 "${players[@]}"
    bench api-all-max --url "$api" --rate "$MAX_RATE" --connections 64 --mix all=1 "${players[@]}"

    # nginx serves one real all-attributes answer, byte for byte, as a static file: the ceiling of this box.
    mkdir -p "$WORK/nginx/html" "$WORK/nginx/logs"
    curl -fs "$api/v1/players/$(head -1 "$WORK/ids.txt")/attributes" > "$WORK/nginx/html/static.json"
    answer_bytes="$(wc -c < "$WORK/nginx/html/static.json")"
    nginx_conf="$WORK/nginx/nginx.conf"
    cat > "$nginx_conf" <<NGINX
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/html;
    default_type application/json;
  }
}
NGINX
    say "nginx on 127.0.0.1:$NGINX_PORT"
    nginx -c "$nginx_conf" -p "$WORK/nginx" &
    started_pids+=("$!")
    if wait_http "http://127.0.0.1:$NGINX_PORT/static.json" 10; then
      ngx="http://127.0.0.1:$NGINX_PORT"
      bench nginx-1k --url "$ngx" --path /static.json --rate 1000 --connections 64
      bench nginx-20k --url "$ngx" --path /static.json --rate 20000 --connections 64
      bench nginx-max --url "$ngx" --path /static.json --rate "$MAX_RATE" --connections 64
      nginx -c "$nginx_conf" -p "$WORK/nginx" -s quit || true
    else
      skipped "nginx did not answer on port $NGINX_PORT"
    fi

    row "Server: \`bin/player-attributes serve\` over the ${largest}-player RocksDB store published above; ids: a 1M-player random sample."
    row "Each run: \`bin/player-attributes bench --warmup $WARMUP --duration $DURATION --connections 64\`; the max-throughput runs ask for $MAX_RATE req/s for $MAX_DURATION s and report what was achieved (their latencies and timeouts are those of a deliberate overload)."
    row "nginx (\`nginx-light\`, worker_processes auto) serves one real all-attributes answer as a static file ($answer_bytes bytes)."
    row ""
    row "| run | target req/s | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors |"
    row "|---|---|---|---|---|---|---|---|---|"
    bench_row "API, mix single=8,all=1,batch=1, 1k req/s" api-1k
    bench_row "API, mix single=8,all=1,batch=1, 20k req/s" api-20k
    bench_row "API, mix single=8,all=1,batch=1, max" api-max
    bench_row "API, all attributes, 20k req/s" api-all-20k
    bench_row "API, all attributes, max" api-all-max
    [[ -f "$WORK/bench-nginx-1k.json" ]] && bench_row "nginx static answer, 1k req/s" nginx-1k
    [[ -f "$WORK/bench-nginx-20k.json" ]] && bench_row "nginx static answer, 20k req/s" nginx-20k
    [[ -f "$WORK/bench-nginx-max.json" ]] && bench_row "nginx static answer, max" nginx-max
    if [[ -f "$WORK/bench-nginx-max.json" ]]; then
      api_max="$(jnum "$WORK/bench-api-all-max.json" achievedRate)"
      ngx_max="$(jnum "$WORK/bench-nginx-max.json" achievedRate)"
      row ""
      row "Max throughput of the API (all attributes) is $(awk -v a="$api_max" -v b="$ngx_max" 'BEGIN {printf "%.0f%%", 100 * a / b}') of nginx serving the same bytes from a static file."
      if awk -v b="$ngx_max" -v t="$MAX_RATE" 'BEGIN {exit !(b >= 0.99 * t)}'; then
        row "nginx kept up with the requested $MAX_RATE req/s, so its ceiling is higher and that ratio is an upper bound (raise MAX_RATE)."
      fi
    fi
    row ""

    # --- end to end --------------------------------------------------------------------------------------
    row "## End to end: raw events to live answers, while serving"
    row ""
    if [[ -d "$snapshot" ]] && has_command publish; then
      say "end to end: compute + publish into the served store"
      e2e_start="$(date +%s.%N)"
      "$CLI" compute --events "$EVENTS_DIR" --as-of latest --out "$WORK/snapshot-e2e" >&2
      e2e_computed="$(date +%s.%N)"
      "$CLI" publish --snapshot "$WORK/snapshot-e2e" --store "$serve_store" --allow-shrink >&2
      e2e_published="$(date +%s.%N)"
      # Served: an answer for a real player (absent from the synthetic store) comes back 200.
      real_id="$(java -cp "$JAR" "$WORK/SampleIds.java" "$WORK/snapshot-e2e" 1)"
      e2e_served=""
      for ((i = 0; i < 600; i++)); do
        if curl -fs -o /dev/null "$api/v1/players/$real_id/attributes"; then
          e2e_served="$(date +%s.%N)"
          break
        fi
        sleep 0.05
      done
      if [[ -n "$e2e_served" ]]; then
        row "| step | seconds |"
        row "|---|---|"
        row "| compute ($nfiles real files -> snapshot) | $(awk -v a="$e2e_start" -v b="$e2e_computed" 'BEGIN {printf "%.1f", b - a}') |"
        row "| publish (snapshot -> live version, into the store being served) | $(awk -v a="$e2e_computed" -v b="$e2e_published" 'BEGIN {printf "%.1f", b - a}') |"
        row "| the running server answers from the new version | $(awk -v a="$e2e_published" -v b="$e2e_served" 'BEGIN {printf "%.2f", b - a}') after publish returned |"
        row "| **raw events -> live answers** | **$(awk -v a="$e2e_start" -v b="$e2e_served" 'BEGIN {printf "%.1f", b - a}')** |"
        row ""
        row "Freshness: answers reflect events up to the snapshot's as-of; with the default 4-hour schedule the worst-case age is 4 h plus this end-to-end time."
      else
        skipped "end to end: the server did not answer for player $real_id within 30 s of the publish"
      fi
    else
      skipped "end to end: needs the compute phase and a publish command"
    fi
    row ""

    # Graceful stop of the server we started; GNU time then reports its peak RSS.
    kill -TERM "$serve_pid" 2>/dev/null || true
    wait "$time_pid" 2>/dev/null || true
    serve_rss="$(rss_mib "$WORK/serve.time")"
  fi
fi

row ""

# --- memory --------------------------------------------------------------------------------------------------
row "## Memory: peak RSS (GNU time -v)"
row ""
row "| process | peak RSS MiB |"
row "|---|---|"
row "| compute CLI, the real files | ${compute_rss:-n/a} |"
row "| generate, $GENERATE_PLAYERS players | ${generate_rss:-n/a} |"
row "| publish CLI, ${largest:-?}-player snapshot | ${publish_cli_rss:-n/a} |"
row "| publish benchmark process, $PUBLISH_ROWS players, -Xmx1g | ${publish_rss:-n/a} |"
row "| serve, through all the API runs above | ${serve_rss:-n/a} |"
row ""

{
  echo "# Benchmark results $DATE"
  echo
  echo "Machine: $cores cores ($cpu), $mem memory, $java_version; load average before the run: $load_before."
  echo "Commit: $commit. Command: \`benchmarks/run.sh\` (DURATION=$DURATION, PUBLISH_ROWS=\"$PUBLISH_ROWS\")."
  echo "All traffic on 127.0.0.1; the load generator shares the 2 cores with the server it measures."
  echo
  cat "$WORK/results.md"
} > "$RESULT"
say "wrote $RESULT"
cat "$RESULT"
