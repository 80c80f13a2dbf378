#!/usr/bin/env bash
# The whole fault matrix (the suite runs every 9th case of it): every HTTP fault per request,
# and a dropped connection and an `error` event after every event index of every request, in
# server, stateless and background mode. See docs/reliability.md.
#   bash scripts/fault-matrix.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export FAULT_MATRIX=full
exec bash scripts/dev.sh env pnpm exec vitest run packages/core/test/fault-matrix.test.ts "$@"
