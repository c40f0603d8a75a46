#!/usr/bin/env bash
# Load benchmark of the JSON API's scorecard: the demo organisation's latest final quarter, read
# with a viewer's API token (each request checks the token, the membership, loads the answers and
# scores them). Needs: wrk, curl (Debian packages).
# Usage: bash benches/load/api.sh [SECONDS]   (BIN=path runs another build, such as a debug one)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
port=${PORT:-18083}
work=$(mktemp -d)
server=
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/cti-maturity
fi
db="sqlite:$work/load.db"
$BIN demo --database "$db" --password load-test-password >/dev/null
token=$($BIN token create --email viewer@demo.example --name load --database "$db" 2>/dev/null)

$BIN serve --database "$db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# The latest final quarter's id, from the API itself.
id=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/organisations/demo/assessments" \
  | grep -o '"id":[0-9]*,"period":"[0-9Q-]*","status":"final"' | head -n 1 | sed 's/"id":\([0-9]*\),.*/\1/')
path="api/v1/assessments/$id/scorecard"
echo "scorecard: $(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/$path" | wc -c) bytes"
echo "== /$path: 1 connection, ${seconds}s"
TOKEN=$token wrk -t1 -c1 -d"${seconds}s" --latency -s benches/load/get_api.lua "http://127.0.0.1:$port/$path"
echo "== /$path: 10 connections, 2 threads, ${seconds}s"
TOKEN=$token wrk -t2 -c10 -d"${seconds}s" --latency -s benches/load/get_api.lua "http://127.0.0.1:$port/$path"
