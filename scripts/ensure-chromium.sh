#!/usr/bin/env bash
# Makes sure a Chromium is there for the run viewer's browser tests (packages/cli/test, driven by
# playwright-core): Debian's `chromium` package, installed with apt-get when missing and allowed
# (root). Idempotent: does nothing when it is installed. TURNKIT_CHROMIUM names another binary.
# Used by the test suite (packages/cli/test/chromium.ts) and by .ci/run.
set -euo pipefail
bin="${TURNKIT_CHROMIUM:-/usr/bin/chromium}"
[ -x "$bin" ] && exit 0
if [ -z "${TURNKIT_CHROMIUM:-}" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "[turnkit] installing chromium with apt-get (one time)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
  [ -x "$bin" ] && exit 0
fi
echo "[turnkit] no Chromium at $bin: install Debian's chromium package (apt-get install chromium) or set TURNKIT_CHROMIUM" >&2
exit 1
