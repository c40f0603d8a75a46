# Sourced by .ci/run: starts a throwaway PostgreSQL on loopback for the tests, exports
# TEST_POSTGRES_URL, and stops it when the calling script exits. Installs PostgreSQL when missing.

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "ci: installing PostgreSQL"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
pg_port=${PG_PORT:-55432}
pg_dir=$(mktemp -d /tmp/cti-maturity-pg.XXXXXX)
chown postgres:postgres "$pg_dir"
run_as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
run_as_postgres "$pg_bin/initdb -D $pg_dir/data -A trust -U postgres --no-sync >/dev/null"
run_as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -w -l $pg_dir/log -o '-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=300' start >/dev/null"
stop_postgres() { run_as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -m fast stop >/dev/null" || true; rm -rf "$pg_dir"; }
trap stop_postgres EXIT
export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
echo "ci: PostgreSQL running at $TEST_POSTGRES_URL"
