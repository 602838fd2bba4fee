#!/usr/bin/env bash
# Benchmark harness: see BENCHMARKS.md. Reproduces every figure there.
#
#   bench/run.sh [sqlite|postgres] [small|province|national]
#
# Builds the release binaries, seeds a database once (kept in bench-out/), measures the CSV
# import rate into a fresh database, then drives the filtered roster list at national, province,
# city and county scope with wrk (100 connections) against the product endpoint, the floor
# (same SQL, same pool, no layers) and, on SQLite, Datasette serving a copy of the same file.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
SCALE=${2:-national}
DURATION=${DURATION:-15s}
CONNS=${CONNS:-100}
OUT=bench-out
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }

cargo build --release -p kaifang -p kaifang-bench >/dev/null
BIN=target/release/kaifang
BENCH=target/release/kaifang-bench

pg_url() { echo "postgres://${PGUSER:-postgres}@127.0.0.1:5432/$1"; }
fresh_pg() { psql -h 127.0.0.1 -U "${PGUSER:-postgres}" -d postgres -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; }

case "$BACKEND" in
  sqlite) DB="sqlite://$PWD/$OUT/kaifang-$SCALE.db" ;;
  postgres) DB=$(pg_url "kaifang_bench_$SCALE") ;;
  *) echo "backend is sqlite or postgres"; exit 2 ;;
esac

echo "# Kaifang benchmark: $BACKEND, $SCALE, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# 1. Seed once.
if [ "$BACKEND" = sqlite ] && [ ! -f "$OUT/kaifang-$SCALE.db" ] || { [ "$BACKEND" = postgres ] && ! psql -h 127.0.0.1 -U "${PGUSER:-postgres}" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname='kaifang_bench_$SCALE'" | grep -q 1; }; then
  [ "$BACKEND" = postgres ] && fresh_pg "kaifang_bench_$SCALE"
  echo "## seed"
  /usr/bin/time -f "seed: %e s wall, %M KB max resident" $BIN --database-url "$DB" seed --scale "$SCALE" 2>&1 | grep -v INFO
  # The seed ends with the product's own ANALYZE. No second one here: the sqlite3 shell's
  # SQLite has no STAT4, and its ANALYZE would replace the product's statistics with less.
  for u in "bench_national 000000" "bench_province 440000" "bench_city 440300" "bench_county 440305"; do
    set -- $u
    echo "Bench-password-2026" | $BIN --database-url "$DB" admin create-user --username "$1" --role officer --division "$2" --password-stdin >/dev/null
    $BIN --database-url "$DB" admin create-token --username "$1" --name bench > "$OUT/token-$BACKEND-$SCALE-$1"
  done
fi

# 2. Import rate: the province-scale CSV (150,000 rows) into a fresh database.
echo "## import"
[ -f "$OUT/import-150k.csv" ] || $BIN seed --scale province --seed 7 --csv "$OUT/import-150k.csv" >/dev/null
case "$BACKEND" in
  sqlite) rm -f "$OUT"/import.db*; IDB="sqlite://$PWD/$OUT/import.db" ;;
  postgres) fresh_pg kaifang_bench_import; IDB=$(pg_url kaifang_bench_import) ;;
esac
/usr/bin/time -f "import: %e s wall, %M KB max resident" $BIN --database-url "$IDB" import enterprises "$OUT/import-150k.csv" 2>&1 | grep -E "rows|import:"
# The import's few hundred megabytes of file writes reach the disk now, not under the list's
# measurements.
sync

# 3. The list under load.
PORT=18181
KAIFANG_LOG=warn $BENCH --database-url "$DB" --listen 127.0.0.1:$PORT >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; [ -n "${DS:-}" ] && kill $DS 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo "server resident at start: $(grep VmRSS /proc/$SERVER/status | awk '{print $2}') KB"

run() { # label url [token] [wrk script]
  local label=$1 url=$2 token=${3:-} script=${4:-}
  local args=(-t2 -c"$CONNS" -d"$DURATION" --latency)
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$script" ] && args+=(-s "$script")
  local r; r=$(wrk "${args[@]}" "$url")
  local rps p50 p99 errs
  rps=$(echo "$r" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$r" | awk '$1=="50%"{print $2}')
  p99=$(echo "$r" | awk '$1=="99%"{print $2}')
  errs=$(echo "$r" | awk '/Non-2xx/{print $NF}')
  printf "| %-28s | %9s | %8s | %8s | %s |\n" "$label" "$rps" "$p50" "$p99" "${errs:-0}"
}

FILTER="status=operating&industry=C&limit=50"
FLOOR_FILTER="status=operating&industry_from=13&industry_to=44&limit=50"
echo "## filtered list, $CONNS connections, $DURATION each"
echo "| endpoint | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
tok() { cat "$OUT/token-$BACKEND-$SCALE-$1"; }
run "product national" "http://127.0.0.1:$PORT/api/v1/enterprises?$FILTER" "$(tok bench_national)"
run "floor national" "http://127.0.0.1:$PORT/floor/enterprises?$FLOOR_FILTER"
run "product province 440000" "http://127.0.0.1:$PORT/api/v1/enterprises?$FILTER" "$(tok bench_province)"
run "floor province 440000" "http://127.0.0.1:$PORT/floor/enterprises?province=440000&$FLOOR_FILTER"
run "product city 440300" "http://127.0.0.1:$PORT/api/v1/enterprises?$FILTER" "$(tok bench_city)"
run "floor city 440300" "http://127.0.0.1:$PORT/floor/enterprises?prefecture=440300&$FLOOR_FILTER"
run "product county 440305" "http://127.0.0.1:$PORT/api/v1/enterprises?$FILTER" "$(tok bench_county)"
run "floor county 440305" "http://127.0.0.1:$PORT/floor/enterprises?county=440305&$FLOOR_FILTER"
# The same list for a different county on every request (1,000 counties, at random): identical
# questions rarely wait at the same moment, so few reads are shared (see ARCHITECTURE.md).
CODES="$PWD/$OUT/counties.txt"
case "$BACKEND" in
  sqlite) sqlite3 "$OUT/kaifang-$SCALE.db" "SELECT DISTINCT scope_county FROM enterprises WHERE scope_county IS NOT NULL ORDER BY 1 LIMIT 1000" ;;
  postgres) psql -h 127.0.0.1 -U "${PGUSER:-postgres}" -d "kaifang_bench_$SCALE" -Atc "SELECT DISTINCT scope_county FROM enterprises WHERE scope_county IS NOT NULL ORDER BY 1 LIMIT 1000" ;;
esac >"$CODES"
export CODES
PATH_FORMAT="/api/v1/enterprises?division=%s&$FILTER" run "product, 1,000 counties" "http://127.0.0.1:$PORT/" "$(tok bench_national)" bench/distinct.lua
PATH_FORMAT="/floor/enterprises?county=%s&$FLOOR_FILTER" run "floor, 1,000 counties" "http://127.0.0.1:$PORT/" "" bench/distinct.lua
# VmRSS counts the database file's pages each SQLite connection maps (a shared page cache,
# counted once per connection); RssAnon is the server's own memory.
mem() { grep "^$1:" /proc/$SERVER/status | awk '{print $2}'; }
echo "server resident after load: $(mem VmRSS) KB (peak $(mem VmHWM) KB; own $(mem RssAnon) KB, mapped file pages $(mem RssFile) KB)"
kill $SERVER; wait $SERVER 2>/dev/null || true

# 4. Peer: Datasette on a copy of the same SQLite file, asked the same question.
if [ "$BACKEND" = sqlite ]; then
  if [ ! -x "$OUT/venv/bin/datasette" ]; then
    python3 -m venv "$OUT/venv" && "$OUT/venv/bin/pip" install -q datasette >/dev/null
  fi
  # A consistent single-file copy of the same data (WAL folded in).
  rm -f "$OUT/peer.db"
  sqlite3 "$OUT/kaifang-$SCALE.db" "VACUUM INTO '$OUT/peer.db'"
  # Let the copy's gigabyte reach the disk now, not under the next measurements (a run whose
  # write-back overlapped them had one p99 of 447 ms).
  sync
  # Each Datasette run gets a fresh process, killed afterwards: its slow queries would otherwise
  # keep running after wrk stops and load the machine during the next measurement.
  ds_run() { # label url
    "$OUT/venv/bin/datasette" serve --immutable "$OUT/peer.db" -p 18182 --setting sql_time_limit_ms 10000 >"$OUT/datasette.log" 2>&1 &
    DS=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:18182/-/versions.json" >/dev/null && break; sleep 0.2; done
    run "$1" "$2"
    kill $DS; wait $DS 2>/dev/null || true; DS=
  }
  echo "datasette $("$OUT/venv/bin/datasette" --version | awk '{print $NF}')"
  Q1="_size=50&_sort_desc=id&_nocount=1&_nofacet=1&status=operating&_shape=array"
  Q2="$Q1&industry__gte=13&industry__lt=44"
  KAIFANG_LOG=warn $BENCH --database-url "$DB" --listen 127.0.0.1:$PORT >"$OUT/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  echo "## peer: the same questions to Kaifang and to Datasette"
  echo "Q1 = scope + status=operating, newest first, 50 a page; Q2 = Q1 + industry section C"
  echo "| endpoint | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  SCOPES=("national - bench_national" "province scope_province=440000 bench_province" "city scope_prefecture=440300 bench_city" "county scope_county=440305 bench_county")
  for sc in "${SCOPES[@]}"; do
    set -- $sc
    run "Q1 kaifang $1" "http://127.0.0.1:$PORT/api/v1/enterprises?status=operating&limit=50" "$(tok "$3")"
    run "Q2 kaifang $1" "http://127.0.0.1:$PORT/api/v1/enterprises?$FILTER" "$(tok "$3")"
  done
  kill $SERVER; wait $SERVER 2>/dev/null || true
  for sc in "${SCOPES[@]}"; do
    set -- $sc
    f=$([ "$2" = "-" ] && echo "" || echo "$2&")
    ds_run "Q1 datasette $1" "http://127.0.0.1:18182/peer/enterprises.json?$f$Q1"
    ds_run "Q2 datasette $1" "http://127.0.0.1:18182/peer/enterprises.json?$f$Q2"
  done
fi
