#!/usr/bin/env bash
# Operations-monitoring benchmark (issue 7): see BENCHMARKS.md, "Issue 7 — operations monitoring".
#
#   bench/monitoring.sh [sqlite|postgres]
#
# Builds the release binary and seeds, once, a national database: the national roster (1,200,000
# FIEs over all counties) and one national monthly campaign over all of them with MONTHS months of
# answers (default 12: 97% answer each month, 90% the current one; about 14 million answers), with
# one officer and API token per scope. Then it serves it with the background worker off and times
# the coverage view and the aggregate view (first request with curl, then wrk) at national,
# province, city and county scope, and the ingest of answers through the batch API (BATCHES batches
# of 5,000 first answers from enterprises all over the country, then one batch of corrections).
#
# Then CLIENTS clients (default 2) post CLIENTS x BATCHES more batches at once, as officers and
# enterprises do, and the ingest is timed from the first request to the last answer.
#
# Environment: DURATION (wrk, default 10s), CONNS (default 4), MONTHS, BATCHES (default 6), PORT,
# CLIENTS, PERIOD (default the latest; an earlier month has its 3% of late answers to take),
# VIEWS=0 to time the ingest only (each run answers for enterprises not yet answered), BIN to
# run a binary already built (e.g. a copy of an earlier commit's, to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-4}
MONTHS=${MONTHS:-12}
BATCHES=${BATCHES:-6}
CLIENTS=${CLIENTS:-2}
PORT=${PORT:-18185}
OUT=bench-out
mkdir -p "$OUT"
for tool in wrk curl python3; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install -y wrk curl python3 sqlite3)"; exit 1; }
done

if [ -z "${BIN:-}" ]; then
  cargo build --release -p kaifang >/dev/null
  BIN=target/release/kaifang
fi
PGUSER=${PGUSER:-postgres}
psql_q() { psql -h 127.0.0.1 -U "$PGUSER" -d "$1" -Atq -c "$2"; }
case "$BACKEND" in
  sqlite)
    FILE="$OUT/monitoring-national.db"
    DB="sqlite://$PWD/$FILE"
    sql() { sqlite3 "$FILE" "$1"; }
    seeded() { [ -f "$FILE" ]; } ;;
  postgres)
    DB="postgres://$PGUSER@127.0.0.1:5432/kaifang_bench_monitoring"
    sql() { psql_q kaifang_bench_monitoring "$1"; }
    seeded() { psql_q postgres "SELECT 1 FROM pg_database WHERE datname = 'kaifang_bench_monitoring'" | grep -q 1; } ;;
  *) echo "backend is sqlite or postgres"; exit 2 ;;
esac

echo "# Kaifang monitoring benchmark: $BACKEND, $MONTHS months, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
USERS=("mbench_national 000000" "mbench_province 440000" "mbench_city 440300" "mbench_county 440305")
if ! seeded; then
  echo "## seed"
  [ "$BACKEND" = postgres ] && psql_q postgres "CREATE DATABASE kaifang_bench_monitoring"
  /usr/bin/time -f "seed: %e s wall, %M KB max resident" \
    $BIN --database-url "$DB" seed --scale national --campaign-months "$MONTHS" 2>&1 | grep -v INFO | grep -v "^period"
  for u in "${USERS[@]}"; do
    set -- $u
    echo "Bench-password-2026" | $BIN --database-url "$DB" admin create-user --username "$1" \
      --role officer --division "$2" --password-stdin >/dev/null
    $BIN --database-url "$DB" admin create-token --username "$1" --name bench > "$OUT/monitoring-token-$BACKEND-$1"
  done
fi
[ "$BACKEND" = postgres ] && echo "server: $(sql "SELECT string_agg(name || ' ' || current_setting(name), ', ') FROM unnest(ARRAY['shared_buffers', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout']) name")"
echo "answers: $(sql 'SELECT COUNT(*) FROM campaign_responses'), targets: $(sql 'SELECT COUNT(*) FROM campaign_targets')"
NUMBER=$(sql "SELECT number FROM campaigns ORDER BY id LIMIT 1")
PERIOD=${PERIOD:-$(sql "SELECT MAX(period) FROM campaign_responses")}

KAIFANG_LISTEN=127.0.0.1:$PORT KAIFANG_WORKER_INTERVAL_SECS=0 KAIFANG_LOG=${KAIFANG_LOG:-warn} \
  $BIN --database-url "$DB" serve >"$OUT/monitoring-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
tok() { cat "$OUT/monitoring-token-$BACKEND-$1"; }

first() { # label path user
  local t
  t=$(curl -s -o /dev/null -w '%{time_total} %{http_code}' -H "Authorization: Bearer $(tok "$3")" "http://127.0.0.1:$PORT$2")
  printf "| %-40s | first request | %s |\n" "$1" "$t"
}
run() { # label path user
  local r
  r=$(wrk -t"$((CONNS < 2 ? 1 : 2))" -c"$CONNS" -d"$DURATION" --timeout 10s --latency \
    -H "Authorization: Bearer $(tok "$3")" "http://127.0.0.1:$PORT$2")
  printf "| %-40s | %s req/s | p50 %s, p99 %s, non-2xx %s, load %s |\n" "$1" \
    "$(echo "$r" | awk '/Requests\/sec/{print $2}')" "$(echo "$r" | awk '$1=="50%"{print $2}')" \
    "$(echo "$r" | awk '$1=="99%"{print $2}')" "$(echo "$r" | awk '/Non-2xx/{print $NF}' | grep . || echo 0)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}
SCOPES=("national mbench_national" "province-440000 mbench_province" "city-440300 mbench_city" "county-440305 mbench_county")
if [ "${VIEWS:-1}" != 0 ]; then
echo "## coverage and aggregate views of $NUMBER, period $PERIOD ($CONNS connections, $DURATION)"
echo "| view | measure | figure |"
echo "|---|---|---|"
for view in coverage analysis; do
  for sc in "${SCOPES[@]}"; do
    set -- $sc
    first "$view $1" "/api/v1/campaigns/$NUMBER/$view?period=$PERIOD" "$2"
    run "$view $1" "/api/v1/campaigns/$NUMBER/$view?period=$PERIOD" "$2"
  done
done
run "unanswered national (50 a page)" "/api/v1/campaigns/$NUMBER/unanswered?period=$PERIOD" mbench_national
fi

echo "## ingest through POST /responses/batch, 5,000 answers a batch (national officer)"
# Each enterprise with its previous month's answers, so the new answers move as real ones do
# (turnover within ±10% of last month, one in twenty below 50% capacity): the alert rules fire
# about as often as they would in a real month.
PREV=$(sql "SELECT MAX(period) FROM campaign_responses WHERE period < '$PERIOD'")
sql "SELECT e.uscc || '|' || COALESCE(p.answers, '{}') FROM campaign_targets t JOIN enterprises e ON e.id = t.enterprise_id
     LEFT JOIN campaign_responses p ON p.campaign_id = t.campaign_id AND p.period = '$PREV' AND p.enterprise_id = t.enterprise_id
     WHERE t.campaign_id = (SELECT id FROM campaigns WHERE number = '$NUMBER') AND NOT EXISTS (
       SELECT 1 FROM campaign_responses r WHERE r.campaign_id = t.campaign_id AND r.period = '$PERIOD'
       AND r.enterprise_id = t.enterprise_id) ORDER BY t.enterprise_id LIMIT $(((CLIENTS + 1) * BATCHES * 5000))" > "$OUT/monitoring-unanswered.txt"
sql "SELECT r.enterprise_uscc || '|' || COALESCE(p.answers, '{}') FROM campaign_responses r LEFT JOIN campaign_responses p
     ON p.campaign_id = r.campaign_id AND p.period = '$PREV' AND p.enterprise_id = r.enterprise_id
     WHERE r.period = '$PERIOD' ORDER BY r.id LIMIT 5000" > "$OUT/monitoring-answered.txt"
rm -f "$OUT"/monitoring-batch-*.json "$OUT"/monitoring-batch-*.out
python3 - "$OUT" "$PERIOD" "$BATCHES" "$CLIENTS" <<'PY'
import json, random, sys
out, period, batches, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
random.seed(7)
def rows(lines):
    out = []
    for line in lines:
        code, prev = line.split("|", 1)
        prev = json.loads(prev)
        turnover = prev.get("turnover", random.randint(5000, 5000000)) * random.uniform(0.9, 1.1) / 100
        capacity = random.randint(20, 49) if random.random() < 0.05 else random.randint(50, 100)
        out.append({"enterprise": code, "answers": {"staff_total": str(prev.get("staff_total", 5000) // 100),
            "capacity_utilisation": str(capacity), "turnover": f"{turnover:.2f}",
            "orders": random.choice(["up", "flat", "down"])}})
    return out
codes = [l.strip() for l in open(f"{out}/monitoring-unanswered.txt") if l.strip()]
random.shuffle(codes)  # from all over the country, not one county at a time
for i in range(batches):
    json.dump({"period": period, "rows": rows(codes[i * 5000:(i + 1) * 5000])}, open(f"{out}/monitoring-batch-{i}.json", "w"))
for c in range(clients):
    for i in range(batches):
        k = batches * (1 + c) + i
        json.dump({"period": period, "rows": rows(codes[k * 5000:(k + 1) * 5000])},
                  open(f"{out}/monitoring-batch-c{c}-{i}.json", "w"))
done = [l.strip() for l in open(f"{out}/monitoring-answered.txt") if l.strip()]
json.dump({"period": period, "rows": rows(done)}, open(f"{out}/monitoring-batch-corrections.json", "w"))
PY
echo "| batch | curl time_total | HTTP | answers/s | first answers | corrections | alerts |"
echo "|---|---|---|---|---|---|---|"
for f in $(ls "$OUT"/monitoring-batch-[0-9]*.json) "$OUT/monitoring-batch-corrections.json"; do
  r=$(curl -s -o "$OUT/monitoring-batch-out.json" -w '%{time_total} %{http_code}' -X POST \
    -H "Authorization: Bearer $(tok mbench_national)" -H 'Content-Type: application/json' \
    --data-binary @"$f" "http://127.0.0.1:$PORT/api/v1/campaigns/$NUMBER/responses/batch")
  set -- $r
  python3 - "$f" "$1" "$2" "$OUT/monitoring-batch-out.json" <<'PY'
import json, sys
f, t, code, out = sys.argv[1:5]
n = len(json.load(open(f))["rows"])
try:
    o = json.load(open(out))
except Exception:
    o = {}
print(f"| {f.split('/')[-1]} | {t} s | {code} | {n / float(t):,.0f} | {o.get('first_answers')} | {o.get('corrections')} | {o.get('alerts')} |")
PY
done
post() { # file: prints "seconds HTTP-code" and keeps the answer in file.out
  curl -s -o "$1.out" -w '%{time_total} %{http_code}' -X POST -H "Authorization: Bearer $(tok mbench_national)" \
    -H 'Content-Type: application/json' --data-binary @"$1" "http://127.0.0.1:$PORT/api/v1/campaigns/$NUMBER/responses/batch"
}
if [ "$CLIENTS" -gt 0 ]; then
  echo "## $CLIENTS clients at once, $BATCHES batches of 5,000 first answers each"
  START=$(date +%s.%N)
  PIDS=()
  for c in $(seq 0 $((CLIENTS - 1))); do
    (for f in "$OUT"/monitoring-batch-c$c-*.json; do echo "$(basename "$f") $(post "$f")"; done > "$OUT/monitoring-client-$c.txt") &
    PIDS+=($!)
  done
  wait "${PIDS[@]}"
  END=$(date +%s.%N)
  cat "$OUT"/monitoring-client-*.txt
  N=$(python3 -c "import sys, json; print(sum(json.load(open(f)).get('first_answers', 0) for f in sys.argv[1:]))" "$OUT"/monitoring-batch-c*.json.out)
  python3 -c "print(f'{$N} answers written in {$END - $START:.2f} s: {$N / ($END - $START):,.0f} answers/s')"
fi
echo "server peak resident: $(grep VmHWM /proc/$SERVER/status | awk '{print $2}') KB"
