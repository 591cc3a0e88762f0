#!/usr/bin/env bash
# Installs the system packages the test suite needs, idempotently (no apt call when all present).
# Add a package by adding "command:package" to NEEDED.
set -euo pipefail

NEEDED=(
  "${CHROMIUM_PATH:-/usr/bin/chromium}:chromium"
  "ip:iproute2"
  "unshare:util-linux"
)

missing=()
for entry in "${NEEDED[@]}"; do
  cmd="${entry%%:*}"; pkg="${entry##*:}"
  if [[ "$cmd" == /* ]]; then [[ -x "$cmd" ]] && continue; else command -v "$cmd" >/dev/null 2>&1 && continue; fi
  missing+=("$pkg")
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" != "0" ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "call-elements tests need: ${missing[*]}." >&2
  echo "Install them (Debian: sudo apt-get install ${missing[*]}), or point at a Chromium/Chrome >= 120 with" >&2
  echo "  CHROMIUM_PATH=/path/to/chrome npm test" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
