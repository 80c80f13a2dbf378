#!/usr/bin/env bash
# Measures what each package weighs: its own tarball (packed and unpacked), and a fresh npm
# install of it with everything it pulls in (the peers it needs included), as docs/installing.md
# reports. Builds first; installs reach the npm registry (or the npm cache).
#   bash scripts/dev.sh env bash scripts/install-sizes.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pnpm exec turbo run build --output-logs=errors-only >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/turnkit-sizes-XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tarballs"
for dir in tools core mcp emulator; do
  (cd "packages/$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
tgz() { echo "$work/tarballs/turnkit-$1-$(node -p "require('./packages/$1/package.json').version").tgz"; }
kib() { awk -v k="$1" 'BEGIN { if (k >= 1024) printf "%.1f MB", k / 1024; else printf "%d kB", k }'; }

echo "| package | tarball (packed) | unpacked |"
echo "|---|---|---|"
for dir in tools core mcp emulator; do
  file="$(tgz "$dir")"
  mkdir -p "$work/unpacked/$dir" && tar -xzf "$file" -C "$work/unpacked/$dir"
  packed=$(( ($(wc -c <"$file") + 1023) / 1024 ))
  unpacked=$(du -sk --apparent-size "$work/unpacked/$dir/package" | cut -f1)
  echo "| \`@turnkit/$dir\` | $(kib "$packed") | $(kib "$unpacked") |"
done
echo
echo "| npm install … | node_modules | packages |"
echo "|---|---|---|"
measure() {
  local label="$1"; shift
  local app="$work/app-$RANDOM"
  mkdir -p "$app" && echo '{"name":"sizes","private":true}' >"$app/package.json"
  (cd "$app" && npm install --prefer-offline --no-audit --no-fund --loglevel=error "$@" >/dev/null)
  local size count
  size=$(du -sk --apparent-size "$app/node_modules" | cut -f1)
  count=$(cd "$app" && { npm ls --all --parseable 2>/dev/null || true; } | tail -n +2 | sort -u | wc -l)
  echo "| $label | $(kib "$size") | $count |"
}
measure '`@turnkit/tools zod`' "$(tgz tools)" zod
measure '`@turnkit/core @turnkit/tools zod`' "$(tgz core)" "$(tgz tools)" zod
measure '`@turnkit/core @turnkit/tools @turnkit/emulator zod`' "$(tgz core)" "$(tgz tools)" "$(tgz emulator)" zod
measure '`@turnkit/mcp @turnkit/tools zod`' "$(tgz mcp)" "$(tgz tools)" zod
measure '`@turnkit/emulator`' "$(tgz emulator)"
measure 'all four, with zod' "$(tgz core)" "$(tgz tools)" "$(tgz mcp)" "$(tgz emulator)" zod
