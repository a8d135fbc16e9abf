#!/usr/bin/env bash
# `npm run bench`: builds, then runs every benchmark; results print and land in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
npx tsx bench/tickets-search/run.ts
npx tsx bench/page-load/run.ts
npx tsx bench/mail-throughput/run.ts
npx tsx bench/scale-out/run.ts
npx tsx bench/crm-match/run.ts
npx tsx bench/kb-search/run.ts
npx tsx bench/inbound/run.ts
npx tsx bench/inbound/floor.ts
npx tsx bench/inbound/imap-kill.ts
npx tsx bench/tab-sync/run.ts
