#!/usr/bin/env bash
# Case-engine benchmark (issue 4): see BENCHMARKS.md, "Issue 4 — the case engine at 1,000,000 cases".
#
#   bench/cases.sh [sqlite|postgres]
#
# Builds the release binary and seeds, once, a national database (1,200,000 FIEs over all
# counties, then 1,000,000 cases filed by them) with one officer and API token per scope. Each
# run starts from a fresh copy of that seeded database, so the first clock scan always meets
# every overdue case unflagged (the worst case); the scan is then repeated (the steady state).
# Then it serves the copy with the background worker off and drives the case ledger list (plain
# and filtered) and the leaders' dashboard with wrk at national, province, city and county scope.
#
# Environment: DURATION (wrk, default 10s), CONNS (default 100), DASH_CONNS and DASH_DURATION (the
# dashboard's, default 10 and 20s), CASES (default 1000000), FIRST_RUNS (fresh copies for the first
# scan, default 3), STEADY_RUNS (default 3), PORT. The load column is the 1-minute load average
# when the run ended (server and wrk included).
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-100}
CASES=${CASES:-1000000}
FIRST_RUNS=${FIRST_RUNS:-3}
STEADY_RUNS=${STEADY_RUNS:-3}
PORT=${PORT:-18183}
# The dashboard is a leaders' page, not an API polled by scripts: fewer connections, longer runs.
DASH_CONNS=${DASH_CONNS:-10}
DASH_DURATION=${DASH_DURATION:-20s}
OUT=bench-out
mkdir -p "$OUT"
for tool in wrk curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install -y wrk sqlite3 curl)"; exit 1; }
done
[ "$BACKEND" = sqlite ] && { command -v sqlite3 >/dev/null || { echo "needs sqlite3 (apt-get install -y sqlite3)"; exit 1; }; }

cargo build --release -p kaifang >/dev/null
BIN=target/release/kaifang

PGUSER=${PGUSER:-postgres}
pg_url() { echo "postgres://$PGUSER@127.0.0.1:5432/$1"; }
psql_q() { psql -h 127.0.0.1 -U "$PGUSER" -d "$1" -Atq -c "$2"; }

# The seeded database (kept) and the working copy each run measures.
case "$BACKEND" in
  sqlite)
    SEED_FILE="$OUT/cases-national-seed.db"
    RUN_FILE="$OUT/cases-national.db"
    SEED_DB="sqlite://$PWD/$SEED_FILE"
    DB="sqlite://$PWD/$RUN_FILE"
    seeded() { [ -f "$SEED_FILE" ]; }
    # A consistent single file (WAL folded in), then a plain copy per run.
    # sync: the copy's writeback would otherwise slow the writes measured next.
    fresh_copy() { rm -f "$RUN_FILE" "$RUN_FILE-wal" "$RUN_FILE-shm"; cp "$SEED_FILE" "$RUN_FILE"; sync; }
    ;;
  postgres)
    SEED_DB=$(pg_url kaifang_bench_cases_seed)
    DB=$(pg_url kaifang_bench_cases)
    seeded() { psql_q postgres "SELECT 1 FROM pg_database WHERE datname = 'kaifang_bench_cases_seed'" | grep -q 1; }
    fresh_copy() {
      psql_q postgres "DROP DATABASE IF EXISTS kaifang_bench_cases WITH (FORCE)"
      psql_q postgres "CREATE DATABASE kaifang_bench_cases TEMPLATE kaifang_bench_cases_seed"
      psql_q kaifang_bench_cases "CHECKPOINT"
      sync
    }
    ;;
  *) echo "backend is sqlite or postgres"; exit 2 ;;
esac

echo "# Kaifang case-engine benchmark: $BACKEND, $CASES cases, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

USERS=("bench_national 000000" "bench_province 440000" "bench_city 440300" "bench_county 440305")

# 1. Seed once: roster, cases, statistics, one officer and token per scope.
if ! seeded; then
  echo "## seed"
  if [ "$BACKEND" = postgres ]; then
    psql_q postgres "DROP DATABASE IF EXISTS kaifang_bench_cases_seed WITH (FORCE)"
    psql_q postgres "CREATE DATABASE kaifang_bench_cases_seed"
  else
    rm -f "$SEED_FILE" "$SEED_FILE-wal" "$SEED_FILE-shm"
  fi
  /usr/bin/time -f "seed: %e s wall, %M KB max resident" \
    $BIN --database-url "$SEED_DB" seed --scale national --cases "$CASES" 2>&1 | grep -v INFO
  for u in "${USERS[@]}"; do
    set -- $u
    echo "Bench-password-2026" | $BIN --database-url "$SEED_DB" admin create-user --username "$1" \
      --role officer --division "$2" --password-stdin >/dev/null
    $BIN --database-url "$SEED_DB" admin create-token --username "$1" --name bench > "$OUT/cases-token-$BACKEND-$1"
  done
  case "$BACKEND" in
    sqlite)
      sqlite3 "$SEED_FILE" "ANALYZE" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
      echo "database file: $(du -m "$SEED_FILE" | cut -f1) MB" ;;
    postgres)
      psql_q kaifang_bench_cases_seed "ANALYZE"
      echo "database size: $(psql_q kaifang_bench_cases_seed "SELECT pg_database_size(current_database()) / 1048576") MB" ;;
  esac
fi
count() { # SQL returning one number, on the working copy
  case "$BACKEND" in
    sqlite) sqlite3 "$RUN_FILE" "$1" ;;
    postgres) psql_q kaifang_bench_cases "$1" ;;
  esac
}

# 2. The clock scan: first (fresh copy, every overdue case unflagged), then steady state.
echo "## clock scan"
scan() { # label [--at DAY]
  local label=$1; shift
  /usr/bin/time -f "$label process: %e s wall, %M KB max resident" $BIN --database-url "$DB" cases scan "$@" 2>&1 \
    | grep -v INFO | sed "s/^clock_scan/$label clock_scan/"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$FIRST_RUNS"); do
  fresh_copy
  scan "first#$i"
done
for i in $(seq 1 "$STEADY_RUNS"); do
  scan "steady#$i"
done
# The daily scans of the next three days: each meets the deadlines that passed the day before.
TODAY=$(TZ=Asia/Shanghai date +%F)
for d in 1 2 3; do
  scan "day+$d" --at "$(TZ=Asia/Shanghai date -d "+$d day" +%F)"
done
echo "cases: $(count "SELECT COUNT(*) FROM cases"), open: $(count "SELECT COUNT(*) FROM cases WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated')"), overdue: $(count "SELECT COUNT(*) FROM cases WHERE next_due < '$TODAY' AND status NOT IN ('closed', 'withdrawn', 'refused', 'terminated', 'paused')"), flagged: $(count "SELECT COUNT(*) FROM case_overdue_flags")"

# 3. The ledger list and the dashboard under load, worker off.
KAIFANG_LISTEN=127.0.0.1:$PORT KAIFANG_WORKER_INTERVAL_SECS=0 KAIFANG_LOG=warn \
  $BIN --database-url "$DB" serve >"$OUT/cases-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo "server resident at start: $(grep VmRSS /proc/$SERVER/status | awk '{print $2}') KB"
tok() { cat "$OUT/cases-token-$BACKEND-$1"; }

# Single requests to the fresh server (its connections' page caches empty; the OS cache is warm).
echo "## dashboard, first request to the fresh server (curl time_total)"
for u in bench_national bench_province bench_county; do
  t=$(curl -s -o /dev/null -w '%{time_total} %{http_code}' -H "Authorization: Bearer $(tok $u)" \
    "http://127.0.0.1:$PORT/api/v1/cases/dashboard")
  echo "| dashboard $u | $t |"
done

run() { # label path user [connections] [duration]
  local r rps p50 p99 errs timeouts c=${4:-$CONNS}
  r=$(wrk -t"$((c < 2 ? 1 : 2))" -c"$c" -d"${5:-$DURATION}" --timeout 10s --latency -H "Authorization: Bearer $(tok "$3")" \
    "http://127.0.0.1:$PORT$2")
  rps=$(echo "$r" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$r" | awk '$1=="50%"{print $2}')
  p99=$(echo "$r" | awk '$1=="99%"{print $2}')
  errs=$(echo "$r" | awk '/Non-2xx/{print $NF}')
  timeouts=$(echo "$r" | awk '/Socket errors/{print $NF}')
  printf "| %-52s | %9s | %8s | %8s | %s | %s | %s |\n" "$1" "$rps" "$p50" "$p99" "${errs:-0}" "${timeouts:-0}" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}
SCOPES=("national bench_national" "province-440000 bench_province" "city-440300 bench_city" "county-440305 bench_county")
echo "## case ledger list, 50 a page, $CONNS connections, $DURATION each"
echo "| query | req/s | p50 | p99 | non-2xx | timeouts | load |"
echo "|---|---|---|---|---|---|---|"
for q in "limit=50" "overdue=true&limit=50" "kind=complaint&status=accepted&limit=50" "category=land&limit=50"; do
  for sc in "${SCOPES[@]}"; do
    set -- $sc
    run "$1 ?$q" "/api/v1/cases?$q" "$2"
  done
done
echo "## the same, one connection (the time one request takes with nothing queued)"
echo "| query | req/s | p50 | p99 | non-2xx | timeouts | load |"
echo "|---|---|---|---|---|---|---|"
for q in "limit=50" "overdue=true&limit=50" "kind=complaint&status=accepted&limit=50" "category=land&limit=50"; do
  run "province-440000 ?$q" "/api/v1/cases?$q" bench_province 1
done
echo "## leaders' dashboard, $DASH_CONNS connections, $DASH_DURATION each"
echo "| scope | req/s | p50 | p99 | non-2xx | timeouts | load |"
echo "|---|---|---|---|---|---|---|"
for sc in "national bench_national" "province-440000 bench_province" "county-440305 bench_county"; do
  set -- $sc
  run "dashboard $1" "/api/v1/cases/dashboard" "$2" "$DASH_CONNS" "$DASH_DURATION"
done
echo "server resident after load: $(grep VmRSS /proc/$SERVER/status | awk '{print $2}') KB (peak $(grep VmHWM /proc/$SERVER/status | awk '{print $2}') KB)"
kill $SERVER; wait $SERVER 2>/dev/null || true
