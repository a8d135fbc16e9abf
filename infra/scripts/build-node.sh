#!/usr/bin/env bash
# Compiles the Node packages (contracts, SDK, service kit, services, infra) to CommonJS in dist/
# with swc. Type checking is separate (`npm run typecheck`).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
for pkg in shared-contracts packages/widget-sdk services/kit services/identity services/tickets services/mail services/registry services/crm services/templates services/kb infra packages/cli; do
  [ -d "$pkg/src" ] || continue
  rm -rf "$pkg/dist"
  (cd "$pkg" && "$root/node_modules/.bin/swc" src -d dist --strip-leading-paths \
    --config-file "$root/.swcrc" --ignore '**/*.test.ts' --quiet)
done
