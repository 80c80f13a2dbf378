#!/usr/bin/env bash
# Makes sure the Chromium that the browser tests drive (@turnkit/computer, the run viewer of
# @turnkit/cli) is installed: Debian's `chromium` package
# (/usr/bin/chromium), through apt-get, as root. Playwright's own browser download is not used.
#   bash scripts/install-chromium.sh          install it when missing; fail when that is not possible
#   bash scripts/install-chromium.sh --soft   the same, but only warn when it cannot (not root, no apt-get)
# TURNKIT_CHROMIUM may name another Chromium or Chrome executable instead.
set -euo pipefail
soft=false; [ "${1:-}" = "--soft" ] && soft=true
say() { printf '[turnkit] %s\n' "$*" >&2; }
for path in "${TURNKIT_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
  if [ -n "$path" ] && [ -x "$path" ]; then exit 0; fi
done
hint="the browser tests (computer use, the run viewer) need Chromium: run 'sudo apt-get update && sudo apt-get install -y chromium', or set TURNKIT_CHROMIUM to a Chromium executable"
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  say "no Chromium found; $hint"
  if $soft; then exit 0; else exit 1; fi
fi
say "installing Debian's chromium with apt-get (one time, about a minute)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2 </dev/null
[ -x /usr/bin/chromium ] || { say "apt-get finished but /usr/bin/chromium is missing; $hint"; exit 1; }
say "installed $(/usr/bin/chromium --version 2>/dev/null | head -1)"
