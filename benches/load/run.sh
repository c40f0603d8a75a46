#!/usr/bin/env bash
# Load benchmark of the web app on SQLite (or PostgreSQL with DATABASE_URL=postgres://…):
# 50 concurrent clients saving answers, then the results page of the demo organisation.
# Then checks that every acknowledged save is in the database.
# Needs: wrk, curl, sqlite3 (Debian packages). Usage: bash benches/load/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
port=${PORT:-18080}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/cti-maturity
db="sqlite:$work/load.db"
$bin demo --database "$db" --password load-test-password >/dev/null

# 600 extra draft assessments, copies of the demo draft, so that every save is a distinct answer
# (600 × 57 questions = 34,200 first saves; more requests than that would meet conflicts).
sqlite3 "$work/load.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
  INSERT INTO assessments (organisation_id, period, questionnaire_id, questionnaire_version, questionnaire_yaml,
    questionnaire_sha256, model_yaml, model_sha256, status, created_at)
  SELECT a.organisation_id, printf('%04d-Q1', 3000 + i), a.questionnaire_id, a.questionnaire_version, a.questionnaire_yaml,
    a.questionnaire_sha256, a.model_yaml, a.model_sha256, 'draft', a.created_at FROM n, assessments a WHERE a.status = 'draft';"
first_id=$(sqlite3 "$work/load.db" "SELECT MIN(id) FROM assessments WHERE period LIKE '3%'")
grep -o 'id: step-[0-9]*\.[a-z0-9-]*' questionnaires/ten-steps.yaml | cut -d' ' -f2 > "$work/questions"

$bin serve --database "$db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

login() {
  curl -s -D - -o /dev/null "http://127.0.0.1:$port/login" --data "email=$1&password=load-test-password" \
    | grep -i '^set-cookie' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//'
}
cookie=$(login assessor@demo.example)
csrf=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/o/demo/assessments/9/sections/step-01" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{64\}')

echo "== save an answer: 50 connections, 2 threads, ${seconds}s"
THREADS=2 COOKIE=$cookie CSRF=$csrf SLUG=demo FIRST_ID=$first_id ASSESSMENTS=600 QUESTIONS_FILE=$work/questions \
  wrk -t2 -c50 -d"${seconds}s" --latency -s benches/load/save_answers.lua "http://127.0.0.1:$port" | tee "$work/save.txt"
acknowledged=$(grep -oE '^requests [0-9]+' "$work/save.txt" | cut -d' ' -f2)
errors=$(grep -o 'non-2xx/3xx errors [0-9]*' "$work/save.txt" | grep -o '[0-9]*$')
stored=$(sqlite3 "$work/load.db" "SELECT COUNT(*) FROM answers WHERE note = 'load'")
echo "acknowledged saves: $((acknowledged - errors)) (of $acknowledged sent), stored: $stored"

manager=$(login manager@demo.example)
for connections in 1 10; do
  echo "== results page of the demo organisation's latest final quarter: $connections connection(s), ${seconds}s"
  COOKIE=$manager wrk -t1 -c$connections -d"${seconds}s" --latency -s benches/load/get_page.lua "http://127.0.0.1:$port/o/demo/assessments/8/results"
done
