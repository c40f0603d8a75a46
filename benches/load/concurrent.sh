#!/usr/bin/env bash
# Concurrent clients on one engine: most save answers, the others read the executive dashboard, for
# SECONDS; then every acknowledged save must be in the database, or the script fails.
#
# Usage: bash benches/load/concurrent.sh sqlite|postgres [SECONDS=60] [CLIENTS=100]
#   postgres: LOAD_POSTGRES_URL (or TEST_POSTGRES_URL, as .ci/postgres.sh exports) names a server
#             where the script may create and drop a database of its own.
#   BIN=path: the binary to run (default: a release build, made here).
# Needs wrk, curl, and sqlite3 or psql (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/../.."
engine=${1:?usage: concurrent.sh sqlite|postgres [SECONDS] [CLIENTS]}
seconds=${2:-60}
clients=${3:-100}
readers=$((clients / 5))
savers=$((clients - readers))
port=${PORT:-18090}
work=$(mktemp -d)
server=""
pg_database=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ -n "$pg_database" ] && psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_database" || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/cti-maturity
fi

case $engine in
  sqlite)
    db="sqlite:$work/load.db"
    sql() { sqlite3 "$work/load.db" "$1"; }
    ;;
  postgres)
    pg_admin=${LOAD_POSTGRES_URL:-${TEST_POSTGRES_URL:?set LOAD_POSTGRES_URL to a PostgreSQL server}}
    pg_database="cti_load_$$"
    psql -q "$pg_admin" -c "CREATE DATABASE $pg_database"
    db="${pg_admin%/*}/$pg_database"
    sql() { psql -qtA "$db" -c "$1"; }
    ;;
  *) echo "unknown engine $engine: sqlite or postgres" >&2; exit 2 ;;
esac

"$BIN" demo --database "$db" --password load-test-password >/dev/null

# 2,400 extra drafts, copies of the demo's draft, so that each save is the first answer to a
# distinct (assessment, question): 2,400 × 57 = 136,800 saves before any would conflict.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2400)
  INSERT INTO assessments (organisation_id, period, questionnaire_id, questionnaire_version, questionnaire_yaml,
    questionnaire_sha256, model_yaml, model_sha256, status, created_at)
  SELECT a.organisation_id, CAST(3000 + i AS TEXT) || '-Q1', a.questionnaire_id, a.questionnaire_version,
    a.questionnaire_yaml, a.questionnaire_sha256, a.model_yaml, a.model_sha256, 'draft', a.created_at
  FROM n, assessments a WHERE a.status = 'draft' AND a.period NOT LIKE '3%'"
first_id=$(sql "SELECT MIN(id) FROM assessments WHERE period LIKE '3%'")
grep -o 'id: step-[0-9]*\.[a-z0-9-]*' questionnaires/ten-steps.yaml | cut -d' ' -f2 > "$work/questions"

"$BIN" serve --database "$db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

login() {
  curl -s -D - -o /dev/null "http://127.0.0.1:$port/login" --data "email=$1&password=load-test-password" \
    | grep -i '^set-cookie' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//'
}
assessor=$(login assessor@demo.example)
manager=$(login manager@demo.example)
csrf=$(curl -s -H "Cookie: $assessor" "http://127.0.0.1:$port/o/demo/assessments/$first_id/sections/step-01" \
  | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{64\}')
curl -sf -o /dev/null -H "Cookie: $manager" "http://127.0.0.1:$port/o/demo/dashboard"

echo "== $engine: $savers clients saving answers, $readers reading the executive dashboard, ${seconds}s"
THREADS=2 COOKIE=$assessor CSRF=$csrf SLUG=demo FIRST_ID=$first_id ASSESSMENTS=2400 QUESTIONS_FILE=$work/questions \
  wrk -t2 -c"$savers" -d"${seconds}s" --latency -s benches/load/save_answers.lua "http://127.0.0.1:$port" >"$work/save.txt" &
saving=$!
COOKIE=$manager wrk -t1 -c"$readers" -d"${seconds}s" --latency -s benches/load/get_page.lua \
  "http://127.0.0.1:$port/o/demo/dashboard" >"$work/dashboard.txt" &
reading=$!
wait $saving $reading

echo "-- saves";     grep -E '^ +(50|90|99)%|Requests/sec|^p50|^requests' "$work/save.txt"
echo "-- dashboard"; grep -E '^ +(50|90|99)%|Requests/sec|^p50|^requests' "$work/dashboard.txt"

sent=$(grep -oE '^requests [0-9]+' "$work/save.txt" | cut -d' ' -f2)
refused=$(grep -o 'non-2xx/3xx errors [0-9]*' "$work/save.txt" | grep -o '[0-9]*$')
socket=$(grep -o 'socket errors [0-9]*' "$work/save.txt" | grep -o '[0-9]*$')
dashboard_errors=$(grep -o 'non-2xx/3xx errors [0-9]*' "$work/dashboard.txt" | grep -o '[0-9]*$')
acknowledged=$((sent - refused))
stored=$(sql "SELECT COUNT(*) FROM answers WHERE note = 'load'")
server_errors=$(grep -c ' ERROR ' "$work/server.log" || true)
echo "saves sent $sent, refused $refused, socket errors $socket; acknowledged $acknowledged, stored $stored"
echo "dashboard errors $dashboard_errors; server log errors $server_errors"
# A save in flight when wrk stops may be stored without its reply being counted: stored may exceed
# acknowledged by at most one per saving client, and must never be below it.
if [ "$stored" -lt "$acknowledged" ] || [ "$stored" -gt $((acknowledged + savers)) ]; then
  echo "FAIL: $acknowledged saves acknowledged, $stored stored" >&2
  exit 1
fi
if [ "$refused" -ne 0 ] || [ "$dashboard_errors" -ne 0 ]; then
  echo "FAIL: $refused saves and $dashboard_errors dashboard loads refused" >&2
  exit 1
fi
echo "ok: every acknowledged save is stored"
