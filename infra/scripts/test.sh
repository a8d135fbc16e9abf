#!/usr/bin/env bash
# `npm test`: installs what is missing (npm packages, Chromium, PostgreSQL, Redis), starts
# PostgreSQL and Redis on 127.0.0.1 if they are not answering, then typecheck, lint, build and
# every jest project. The exit code is non-zero when a step or a jest run fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=lib.sh
source "infra/scripts/lib.sh"

ensure_node_modules

if [ ! -x /usr/bin/chromium ]; then
  step "Installing Chromium"
  apt_install chromium
fi

# The inbound mail tests start their own throwaway Dovecot on a loopback port (issue 13).
if [ ! -x /usr/sbin/dovecot ]; then
  step "Installing Dovecot (IMAP server of the inbound mail tests)"
  apt_install dovecot-imapd
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

ensure_local_redis

step "Typecheck"
npm run typecheck --silent
step "Lint"
npm run lint --silent
step "Build"
npm run build --silent
step "Tests"
# PGlite (embedded PostgreSQL) dynamic-imports Node built-ins, which jest's VM allows only with this flag.
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
# unit, dom and integration run in two workers: their files mostly wait on PostgreSQL, Redis and
# child processes. The browser tests then run one file at a time, as each starts a whole platform.
# Both runs always run, so one report names every failing test.
status=0
npx jest --ci --selectProjects unit dom integration --maxWorkers=2 || status=1
npx jest --ci --selectProjects e2e --maxWorkers=1 || status=1
exit "$status"
