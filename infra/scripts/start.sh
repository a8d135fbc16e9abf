#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, then runs the platform (infra/src/start.ts).
# Env: PORT (8080), WIDGET_PORT (8081), DATABASE_URL (unset = embedded PostgreSQL in .data/),
# REDIS_URL (unset = a local Redis on 127.0.0.1:6379, started here with its data in .data/redis,
# installed from Debian if missing), SMTP_URL (unset = local dev mail sink on DEV_MAIL_PORT, 2525), LOG_LEVEL (info),
# SDK_PACKAGES_DIR (.data/sdk-packages: where the SDK, contracts and CLI tarballs are packed and
# served from, at /api/registry/sdk/<file>, for integrators installing without an npm registry).
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=lib.sh
source "infra/scripts/lib.sh"

ensure_node_modules
# When Redis cannot be started here, the platform's own check says how to get one.
[ -n "${REDIS_URL:-}" ] || ensure_local_redis "$PWD/.data/redis" || true

step "Building..."
if ! npm run build --silent >/tmp/switchboard-build.log 2>&1; then
  cat /tmp/switchboard-build.log >&2
  echo "Build failed (log above, also in /tmp/switchboard-build.log)." >&2
  exit 1
fi

step "Packing the SDK, contracts and CLI for integrators..."
export SDK_PACKAGES_DIR="${SDK_PACKAGES_DIR:-$PWD/.data/sdk-packages}"
if ! node packages/cli/scripts/pack-packages.cjs "$SDK_PACKAGES_DIR" >/tmp/switchboard-pack.log 2>&1; then
  cat /tmp/switchboard-pack.log >&2
  echo "Packing failed (log above, also in /tmp/switchboard-pack.log)." >&2
  exit 1
fi

step "Starting services..."
exec node infra/dist/start.js
