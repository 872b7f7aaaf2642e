#!/usr/bin/env bash
# Make a machine ready to run Klub: PostgreSQL and Redis up, pnpm at the pinned version, and the
# workspace installed from the lockfile. Idempotent; the README's start and test commands run it.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

ensure_postgres() {
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h | awk '$4!="online"{print $1, $2}' | while read -r v n; do
      pg_ctlcluster --skip-systemctl-redirect "$v" "$n" start || pg_ctlcluster "$v" "$n" start
    done
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1
}

# The application database (DATABASE_URL, default `klub`) is created when missing; tests make their own.
# A database made here is marked as this machine's demo database: `pnpm start` loads demo data
# into it while it is empty, and into no other database (apps/api/src/cli/demo-database.ts
# reads the mark; keep the two in step).
ensure_database() {
  # DATABASE_URL as the API reads it: the environment first, then `.env`, then the default.
  local url="${DATABASE_URL:-}"
  if [ -z "$url" ] && [ -f .env ]; then
    url=$(sed -n 's/^[[:space:]]*DATABASE_URL[[:space:]]*=[[:space:]]*//p' .env | tail -n 1 | sed -e 's/^["'"'"']//' -e 's/["'"'"'][[:space:]]*$//')
  fi
  url="${url:-postgres://postgres@127.0.0.1:5432/klub}"
  url="${url%%\?*}"
  local name="${url##*/}" server="${url%/*}"
  if ! psql "$server/postgres" -tAc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
    psql "$server/postgres" -qc "create database \"$name\"" && echo "created database $name"
    psql "$server/postgres" -qc "comment on database \"$name\" is 'klub:demo-database, created by scripts/ensure-env.sh on $(hostname): pnpm start loads demo data into it while it is empty'"
  fi
}

# `scripts/ensure-env.sh database`: only the database step (the CLI tests run it).
if [ "${1:-}" = database ]; then ensure_database; exit 0; fi

ensure_redis() {
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server; }
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
  fi
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 1; done
  echo "Redis is not reachable on 127.0.0.1:6379" >&2; exit 1
}

ensure_pnpm() {
  local want; want=$(node -p "require('./package.json').packageManager.split('@')[1]")
  if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then npm install -g "pnpm@$want" >/dev/null 2>&1; fi
}

# The browser of the back office's journeys (apps/web/e2e): Debian's Chromium, because
# Playwright's own browser download cannot run on the project's machines.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
}

ensure_postgres
ensure_database
ensure_redis
ensure_pnpm
ensure_chromium
pnpm install --frozen-lockfile --reporter=silent
