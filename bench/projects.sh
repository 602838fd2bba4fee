#!/usr/bin/env bash
# Project-pipeline benchmark (issue 6): see BENCHMARKS.md, "Issue 6 — the project pipeline".
#
#   bench/projects.sh [sqlite|postgres]
#
# Builds the release binary and seeds, once, a national database: the national roster
# (1,200,000 FIEs over all counties, where projects are placed), then PROJECTS projects (default
# 200,000) with LOG service-log entries over them (default 2,000,000), with one officer and API
# token per scope. Then it serves it with the background worker off and drives the project ledger
# list (plain and filtered) and the dashboard with wrk at national, province, city and county
# scope, and times the Excel export of EXPORT_ROWS rows (default 50,000) with the server's peak
# resident memory before and after.
#
# Environment: DURATION (wrk, default 10s), CONNS (default 50), DASH_CONNS (default 4),
# DASH_DURATION (default 20s), PROJECTS, LOG, EXPORT_ROWS, EXPORT_RUNS (default 3), PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-50}
DASH_CONNS=${DASH_CONNS:-4}
DASH_DURATION=${DASH_DURATION:-20s}
PROJECTS=${PROJECTS:-200000}
LOG=${LOG:-2000000}
EXPORT_ROWS=${EXPORT_ROWS:-50000}
EXPORT_RUNS=${EXPORT_RUNS:-3}
PORT=${PORT:-18184}
OUT=bench-out
mkdir -p "$OUT"
for tool in wrk curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install -y wrk sqlite3 curl)"; exit 1; }
done

cargo build --release -p kaifang >/dev/null
BIN=target/release/kaifang
PGUSER=${PGUSER:-postgres}
psql_q() { psql -h 127.0.0.1 -U "$PGUSER" -d "$1" -Atq -c "$2"; }
case "$BACKEND" in
  sqlite)
    FILE="$OUT/projects-national.db"
    DB="sqlite://$PWD/$FILE"
    seeded() { [ -f "$FILE" ]; } ;;
  postgres)
    DB="postgres://$PGUSER@127.0.0.1:5432/kaifang_bench_projects"
    seeded() { psql_q postgres "SELECT 1 FROM pg_database WHERE datname = 'kaifang_bench_projects'" | grep -q 1; } ;;
  *) echo "backend is sqlite or postgres"; exit 2 ;;
esac

echo "# Kaifang project-pipeline benchmark: $BACKEND, $PROJECTS projects, $LOG log entries, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
USERS=("pbench_national 000000" "pbench_province 440000" "pbench_city 440300" "pbench_county 440305")
if ! seeded; then
  echo "## seed"
  [ "$BACKEND" = postgres ] && psql_q postgres "CREATE DATABASE kaifang_bench_projects"
  /usr/bin/time -f "seed: %e s wall, %M KB max resident" \
    $BIN --database-url "$DB" seed --scale national --projects "$PROJECTS" --project-log "$LOG" 2>&1 | grep -v INFO
  for u in "${USERS[@]}"; do
    set -- $u
    echo "Bench-password-2026" | $BIN --database-url "$DB" admin create-user --username "$1" \
      --role officer --division "$2" --password-stdin >/dev/null
    $BIN --database-url "$DB" admin create-token --username "$1" --name bench > "$OUT/projects-token-$BACKEND-$1"
  done
fi

KAIFANG_LISTEN=127.0.0.1:$PORT KAIFANG_WORKER_INTERVAL_SECS=0 KAIFANG_LOG=warn \
  $BIN --database-url "$DB" serve >"$OUT/projects-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
tok() { cat "$OUT/projects-token-$BACKEND-$1"; }
echo "server resident at start: $(grep VmRSS /proc/$SERVER/status | awk '{print $2}') KB"

run() { # label path user [connections] [duration]
  local r rps p50 p99 errs c=${4:-$CONNS}
  r=$(wrk -t"$((c < 2 ? 1 : 2))" -c"$c" -d"${5:-$DURATION}" --timeout 10s --latency -H "Authorization: Bearer $(tok "$3")" \
    "http://127.0.0.1:$PORT$2")
  rps=$(echo "$r" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$r" | awk '$1=="50%"{print $2}')
  p99=$(echo "$r" | awk '$1=="99%"{print $2}')
  errs=$(echo "$r" | awk '/Non-2xx/{print $NF}')
  printf "| %-44s | %9s | %8s | %8s | %s | %s |\n" "$1" "$rps" "$p50" "$p99" "${errs:-0}" "$(cut -d' ' -f1 /proc/loadavg)"
}
SCOPES=("national pbench_national" "province-440000 pbench_province" "city-440300 pbench_city" "county-440305 pbench_county")
echo "## project ledger list, 50 a page, $CONNS connections, $DURATION each"
echo "| query | req/s | p50 | p99 | non-2xx | load |"
echo "|---|---|---|---|---|---|"
for q in "limit=50" "stage=construction&limit=50" "stale=true&limit=50" "source_region=DE&limit=50"; do
  for sc in "${SCOPES[@]}"; do
    set -- $sc
    run "$1 ?$q" "/api/v1/projects?$q" "$2"
  done
done
echo "## the same, one connection"
echo "| query | req/s | p50 | p99 | non-2xx | load |"
echo "|---|---|---|---|---|---|"
for sc in "${SCOPES[@]}"; do
  set -- $sc
  run "$1 ?limit=50" "/api/v1/projects?limit=50" "$2" 1
done
echo "## dashboard, first request (curl time_total), then $DASH_CONNS connections, $DASH_DURATION"
for sc in "${SCOPES[@]}"; do
  set -- $sc
  echo "| first $1 | $(curl -s -o /dev/null -w '%{time_total} %{http_code}' -H "Authorization: Bearer $(tok "$2")" \
    "http://127.0.0.1:$PORT/api/v1/projects/dashboard") |"
done
echo "| scope | req/s | p50 | p99 | non-2xx | load |"
echo "|---|---|---|---|---|---|"
for sc in "${SCOPES[@]}"; do
  set -- $sc
  run "dashboard $1" "/api/v1/projects/dashboard" "$2" "$DASH_CONNS" "$DASH_DURATION"
done
echo "## Excel export of $EXPORT_ROWS rows (national scope), curl time_total and size"
echo "server peak resident before: $(grep VmHWM /proc/$SERVER/status | awk '{print $2}') KB"
for i in $(seq 1 "$EXPORT_RUNS"); do
  echo "| export#$i | $(curl -s -o "$OUT/projects-export.xlsx" -w '%{time_total} s %{size_download} bytes %{http_code}' \
    -H "Authorization: Bearer $(tok pbench_national)" \
    "http://127.0.0.1:$PORT/api/v1/projects/export.xlsx?limit=$EXPORT_ROWS") |"
done
echo "server peak resident after: $(grep VmHWM /proc/$SERVER/status | awk '{print $2}') KB"
kill $SERVER; wait $SERVER 2>/dev/null || true
