#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, then runs the platform (infra/src/start.ts).
# Env: PORT (8080), WIDGET_PORT (8081), DATABASE_URL (unset = embedded PostgreSQL in .data/),
# REDIS_URL (redis://127.0.0.1:6379), SMTP_URL (unset = local dev mail sink on DEV_MAIL_PORT, 2525),
# LOG_LEVEL (info).
set -euo pipefail
cd "$(dirname "$0")/../.."

step() { printf '%s\n' "$*"; }

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

step "Building..."
if ! npm run build --silent >/tmp/switchboard-build.log 2>&1; then
  cat /tmp/switchboard-build.log >&2
  echo "Build failed (log above, also in /tmp/switchboard-build.log)." >&2
  exit 1
fi

step "Starting services..."
exec node infra/dist/start.js
