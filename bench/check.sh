#!/usr/bin/env bash
# Checker benchmark (issue 5): see BENCHMARKS.md, "Issue 5 — the admission and incentive checker".
#
#   bench/check.sh
#
# 1. Quality: every labelled set under data/policy/eval/ (verdict accuracy, top-3 recall).
# 2. One core, in process: the 240 questions of checks.csv answered REPEAT times on one thread
#    pinned to CPU 0 (`kaifang check --evaluate … --repeat`), each answer timed.
# 3. One core over HTTP: the server pinned to CPU 0 (`taskset -c 0`), wrk on CPU 1 posting the 240
#    questions in turn to POST /api/v1/check, CONNS connections for DURATION.
#
# Environment: REPEAT (default 40), CONNS (default 8), DURATION (default 10s), PORT (18184).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-40}
CONNS=${CONNS:-8}
DURATION=${DURATION:-10s}
PORT=${PORT:-18184}
OUT=bench-out
mkdir -p "$OUT"
for tool in wrk taskset python3 curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install -y wrk util-linux python3 curl)"; exit 1; }
done
cargo build --release -p kaifang >/dev/null
BIN=target/release/kaifang
rm -f "$OUT"/check.db*
DB="sqlite://$PWD/$OUT/check.db"
export KAIFANG_LOG=warn

echo "# Kaifang checker benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "## quality"
for f in data/policy/eval/*.csv; do
  echo "$(basename "$f"): $($BIN --database-url "$DB" check --evaluate "$f" | tail -1)"
done
echo "## one thread on CPU 0, in process"
taskset -c 0 $BIN --database-url "$DB" check --evaluate data/policy/eval/checks.csv --repeat "$REPEAT" | tail -1

echo "## HTTP: server on CPU 0, wrk ($CONNS connections) on CPU 1"
LUA="$OUT/check-bodies.lua"
python3 - data/policy/eval/checks.csv > "$LUA" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print("local bodies = {")
for r in rows:
    b = {"activity": r["activity"], "division": r["division"], "date": r["date"] or None,
         "industries": [x for x in r["industries"].split(";") if x],
         "entity_form": r["entity_form"] or None, "ftz": r["ftz"] or None}
    for k in ("foreign_equity", "largest_foreign_investor"):
        if r[k]:
            b[k] = float(r[k])
    print("[==[" + json.dumps(b, ensure_ascii=False) + "]==],")
print("}")
print("local i = 0")
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print("request = function() i = i % #bodies + 1; return wrk.format(nil, \"/api/v1/check\", nil, bodies[i]) end")
PY
KAIFANG_LISTEN=127.0.0.1:$PORT KAIFANG_WORKER_INTERVAL_SECS=0 taskset -c 0 $BIN --database-url "$DB" serve > "$OUT/check-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
# Warm up, then measure.
taskset -c 1 wrk -t1 -c"$CONNS" -d2s -s "$LUA" "http://127.0.0.1:$PORT" >/dev/null
taskset -c 1 wrk -t1 -c"$CONNS" -d"$DURATION" --latency -s "$LUA" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in"
echo "server resident: $(ps -o rss= -p $SERVER) KB"
