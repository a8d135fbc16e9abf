#!/usr/bin/env bash
# `npm test`: installs what is missing (npm packages, Chromium, PostgreSQL, Redis), starts
# PostgreSQL and Redis on 127.0.0.1 if they are not answering, then typecheck, lint, build and
# every jest project. The exit code is jest's (or the first failing step's).
set -euo pipefail
cd "$(dirname "$0")/../.."

step() { printf '\n== %s\n' "$*"; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
wait_for() {
  for _ in $(seq 1 100); do answers "$1" && return 0; sleep 0.2; done
  echo "Nothing answers on 127.0.0.1:$1 after starting $2" >&2
  return 1
}

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -x /usr/bin/chromium ]; then
  step "Installing Chromium"
  apt_install chromium
fi

if ! answers 5432; then
  step "Starting PostgreSQL"
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
    # A fresh cluster asks for passwords over TCP; the tests connect as postgres without one,
    # on loopback only, like this project's machines are set up.
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n' \
      >"/etc/postgresql/$(ls /etc/postgresql | head -1)/main/pg_hba.conf"
  fi
  cluster="$(ls /etc/postgresql | head -1)"
  # The install may have started the cluster already: then it only needs to re-read pg_hba.conf.
  if answers 5432; then
    pg_ctlcluster --skip-systemctl-redirect "$cluster" main reload
  else
    pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
  fi
  wait_for 5432 PostgreSQL
fi

if ! answers 6379; then
  step "Starting Redis"
  command -v redis-server >/dev/null || apt_install redis-server
  answers 6379 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/switchboard-redis.log
  wait_for 6379 Redis
fi

step "Typecheck"
npm run typecheck --silent
step "Lint"
npm run lint --silent
step "Build"
npm run build --silent
step "Tests"
# PGlite (embedded PostgreSQL) dynamic-imports Node built-ins, which jest's VM allows only with this flag.
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
exec npx jest --ci
