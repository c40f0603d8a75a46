#!/usr/bin/env bash
# Load benchmark of the executive dashboard with 40 quarters of history: the demo organisation's
# 8 final quarters plus 32 earlier ones (copies of its first, with their answers), then wrk
# against the dashboard and against the same HTML bytes served from memory by a static route of
# the same server (--bench-static), in one run. Then the consultant portfolio of 200 organisations
# (the manager of the demo is made a member of 199 copies of it).
# Needs: wrk, curl, sqlite3 (Debian packages). Usage: bash benches/load/dashboard.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
port=${PORT:-18082}
work=$(mktemp -d)
server=
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/cti-maturity
db="sqlite:$work/load.db"
$bin demo --database "$db" --password load-test-password >/dev/null

# 32 quarters before the demo's first (2024-Q4), each a final copy of it with its answers.
sqlite3 "$work/load.db" "
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 32)
  INSERT INTO assessments (organisation_id, period, questionnaire_id, questionnaire_version, questionnaire_yaml,
    questionnaire_sha256, model_yaml, model_sha256, status, created_at, finalised_at)
  SELECT a.organisation_id, printf('%04d-Q%d', (2024 * 4 + 3 - i) / 4, (2024 * 4 + 3 - i) % 4 + 1),
    a.questionnaire_id, a.questionnaire_version, a.questionnaire_yaml, a.questionnaire_sha256, a.model_yaml,
    a.model_sha256, 'final', a.created_at, a.created_at
  FROM n, assessments a WHERE a.period = '2024-Q4';
  INSERT INTO answers (assessment_id, question_id, value, not_applicable, note, evidence, needs_review, revision, answered_by, answered_at)
  SELECT c.id, x.question_id, x.value, x.not_applicable, x.note, x.evidence, x.needs_review, x.revision, x.answered_by, x.answered_at
  FROM assessments c JOIN assessments s ON s.period = '2024-Q4' JOIN answers x ON x.assessment_id = s.id
  WHERE c.period < '2024-Q4';"
sqlite3 "$work/load.db" "SELECT 'final quarters: ' || COUNT(*) FROM assessments WHERE status = 'final'"

# The portfolio: 199 client organisations, each a copy of the demo's 8 final quarters and its draft
# (with their answers), of which the demo's manager is a member: 200 organisations in all.
sqlite3 "$work/load.db" "
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 199)
  INSERT INTO organisations (slug, name, created_at)
  SELECT printf('client-%03d', i), printf('Client %03d', i), (SELECT created_at FROM organisations WHERE slug = 'demo') FROM n;
  INSERT INTO memberships (organisation_id, user_id, role, created_at)
  SELECT o.id, u.id, 'viewer', o.created_at FROM organisations o, users u
  WHERE o.slug LIKE 'client-%' AND u.email = 'manager@demo.example';
  INSERT INTO assessments (organisation_id, period, questionnaire_id, questionnaire_version, questionnaire_yaml,
    questionnaire_sha256, model_yaml, model_sha256, status, created_at, finalised_at)
  SELECT o.id, a.period, a.questionnaire_id, a.questionnaire_version, a.questionnaire_yaml, a.questionnaire_sha256,
    a.model_yaml, a.model_sha256, a.status, a.created_at, a.finalised_at
  FROM organisations o, assessments a JOIN organisations d ON d.id = a.organisation_id AND d.slug = 'demo'
  WHERE o.slug LIKE 'client-%' AND a.period >= '2024-Q4';
  INSERT INTO answers (assessment_id, question_id, value, not_applicable, note, evidence, needs_review, revision, answered_by, answered_at)
  SELECT c.id, x.question_id, x.value, x.not_applicable, x.note, x.evidence, x.needs_review, x.revision, x.answered_by, x.answered_at
  FROM assessments c JOIN organisations o ON o.id = c.organisation_id AND o.slug LIKE 'client-%'
  JOIN organisations d ON d.slug = 'demo' JOIN assessments s ON s.organisation_id = d.id AND s.period = c.period
  JOIN answers x ON x.assessment_id = s.id;"
sqlite3 "$work/load.db" "SELECT 'organisations of the manager: ' || COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'manager@demo.example'"

start() {
  $bin serve --database "$db" --listen "127.0.0.1:$port" "$@" 2>"$work/server.log" &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; exit 1
}
login() {
  curl -s -D - -o /dev/null "http://127.0.0.1:$port/login" --data "email=$1&password=load-test-password" \
    | grep -i '^set-cookie' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//'
}

# The dashboard's HTML as a viewer gets it, to serve the same bytes statically.
start
cookie=$(login viewer@demo.example)
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port/o/demo/dashboard" > "$work/dashboard.html"
echo "dashboard: $(wc -c < "$work/dashboard.html") bytes, $(grep -o '<svg' "$work/dashboard.html" | wc -l) charts"
kill $server; wait $server 2>/dev/null || true

start --bench-static "$work/dashboard.html"
cookie=$(login viewer@demo.example)
for page in o/demo/dashboard bench/static; do
  echo "== /$page: 1 connection, ${seconds}s"
  COOKIE=$cookie wrk -t1 -c1 -d"${seconds}s" --latency -s benches/load/get_page.lua "http://127.0.0.1:$port/$page"
  echo "== /$page: 10 connections, 2 threads, ${seconds}s"
  COOKIE=$cookie wrk -t2 -c10 -d"${seconds}s" --latency -s benches/load/get_page.lua "http://127.0.0.1:$port/$page"
done

manager=$(login manager@demo.example)
curl -sf -o /dev/null -H "Cookie: $manager" "http://127.0.0.1:$port/portfolio"
echo "== /portfolio (200 organisations): 1 connection, ${seconds}s"
COOKIE=$manager wrk -t1 -c1 -d"${seconds}s" --latency -s benches/load/get_page.lua "http://127.0.0.1:$port/portfolio"
