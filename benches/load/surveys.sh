#!/usr/bin/env bash
# Load benchmark of the satisfaction pages: the demo organisation topped up to 50 responses per
# group in each of its 8 closed quarterly rounds (8 quarters x 6 groups x 50 responses = 2,400),
# then wrk against a round's results page and the trend page, one connection each.
# Needs: wrk, curl, sqlite3 (Debian packages). Usage: bash benches/load/surveys.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
port=${PORT:-18081}
work=$(mktemp -d)
server=
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/cti-maturity
db="sqlite:$work/load.db"
$bin demo --database "$db" --password load-test-password >/dev/null

# Each closed round and group gets responses copied from the round's own until it has 50.
sqlite3 "$work/load.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
  INSERT INTO survey_responses (round_id, group_id, via_single_use, numbers)
  SELECT r.id, g.id, 0, source.numbers
  FROM survey_rounds r JOIN stakeholder_groups g ON g.organisation_id = r.organisation_id
  JOIN n ON n.i > (SELECT COUNT(*) FROM survey_responses s WHERE s.round_id = r.id AND s.group_id = g.id)
  JOIN (SELECT round_id, numbers, ROW_NUMBER() OVER (PARTITION BY round_id ORDER BY id) - 1 AS k FROM survey_responses) source
    ON source.round_id = r.id AND source.k = n.i % 20
  WHERE r.status = 'closed';"
sqlite3 "$work/load.db" "SELECT 'rounds ' || COUNT(DISTINCT round_id) || ', responses ' || COUNT(*) FROM survey_responses
  WHERE round_id IN (SELECT id FROM survey_rounds WHERE status = 'closed')"
round=$(sqlite3 "$work/load.db" "SELECT MAX(id) FROM survey_rounds WHERE status = 'closed'")

$bin serve --database "$db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/login" --data "email=manager@demo.example&password=load-test-password" \
  | grep -i '^set-cookie' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')

for page in "surveys/$round" "surveys/trend"; do
  echo "== /o/demo/$page: 1 connection, ${seconds}s"
  COOKIE=$cookie wrk -t1 -c1 -d"${seconds}s" --latency -s benches/load/get_page.lua "http://127.0.0.1:$port/o/demo/$page"
done
