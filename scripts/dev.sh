#!/usr/bin/env bash
# One entry point for the README quick start and for CI.
#   bash scripts/dev.sh example [name]   run an example agent (offline against the emulator by default)
#   bash scripts/dev.sh test             build everything, then run the whole test suite (installs
#                                        Debian's chromium first when it is missing and this is root)
#   bash scripts/dev.sh bench [name]     run a benchmark under bench/
#   bash scripts/dev.sh turnkit ARGS...  the turnkit command (packages/cli): run, view, record, emulator
#   bash scripts/dev.sh env CMD...       run CMD with the project's toolchain on PATH
# A fresh machine may only have Node 20 and npm; the project needs Node >= 22 and pnpm 10.
# Both come from the npm registry into .toolchain/ (git-ignored), once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Where the caller stands (npm runs scripts from the package root and names the first one in
# INIT_CWD), so examples resolve the paths they are given against it, not against their folder.
export TURNKIT_CALLER_CWD="${TURNKIT_CALLER_CWD:-${INIT_CWD:-$PWD}}"
cd "$root"
tc="$root/.toolchain"
node_ok() { command -v node >/dev/null 2>&1 && node -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)'; }
say() { printf '[turnkit] %s\n' "$*" >&2; }

if [ -x "$tc/node_modules/.bin/node" ]; then export PATH="$tc/node_modules/.bin:$PATH"; fi
if ! node_ok || ! command -v pnpm >/dev/null 2>&1; then
  say "installing Node 24 and pnpm 10 into .toolchain/ (one time)"
  mkdir -p "$tc"
  [ -f "$tc/package.json" ] || echo '{"name":"turnkit-toolchain","private":true}' > "$tc/package.json"
  npm install --prefix "$tc" --no-audit --no-fund --loglevel=error node@24 pnpm@10 >&2
  export PATH="$tc/node_modules/.bin:$PATH"
  node_ok || { say "Node >= 22 is still not on PATH after installing it; see .toolchain/"; exit 1; }
fi

stamp="$root/node_modules/.turnkit-install-stamp"
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ]; then
  say "installing dependencies (pnpm install)"
  if [ -n "${CI:-}" ]; then pnpm install --frozen-lockfile >&2; else pnpm install >&2; fi
  touch "$stamp"
fi

cmd="${1:-}"; shift || true
case "$cmd" in
  example)
    pnpm exec turbo run build --output-logs=errors-only >&2
    name="${1:-weather}"; shift || true
    [ -d "examples/$name" ] || { say "no example named '$name' (have: $(ls examples | tr '\n' ' '))"; exit 2; }
    exec pnpm --silent --filter "./examples/$name" start "$@"
    ;;
  test)
    # The computer use tests drive a real Chromium: installed here when missing and root (apt-get).
    bash "$root/scripts/install-chromium.sh" --soft
    pnpm exec turbo run build --output-logs=errors-only >&2
    exec pnpm exec vitest run "$@"
    ;;
  bench)
    pnpm exec turbo run build --output-logs=errors-only >&2
    name="${1:-overhead}"; shift || true
    exec pnpm --silent --filter "./bench/$name" start "$@"
    ;;
  turnkit)
    pnpm exec turbo run build --output-logs=errors-only >&2
    exec node packages/cli/bin/turnkit.js "$@"
    ;;
  env) exec "$@" ;;
  *) say "usage: bash scripts/dev.sh example [name] | test | bench [name] | turnkit ARGS... | env CMD..."; exit 2 ;;
esac
