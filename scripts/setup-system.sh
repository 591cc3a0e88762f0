#!/usr/bin/env bash
# System packages the test suite needs, installed idempotently: a fast no-op (no apt call) when
# everything is present; as root on Debian/Ubuntu, one `apt-get update` and one install of what
# is missing; otherwise a message saying what to install, and a non-zero exit.
#
# To need another package, add one line to PACKAGES: "debian-package:what-proves-it-is-there",
# where the proof is a command on PATH, an absolute path, or empty (then `dpkg -s` decides).
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

PACKAGES=(
  "chromium:/usr/bin/chromium"   # the test browser, unless CHROMIUM_PATH names another
  "iproute2:ip"                  # `ip link set lo up` in the tests' network namespace
  "kamailio:/usr/sbin/kamailio"  # SIP registrar/proxy of the end-to-end suite
  "kamailio-websocket-modules:"  # its SIP-over-WebSocket transport
  "sip-tester:sipp"              # scripted SIP peers
  "coturn:turnserver"            # TURN relay
  "rtpengine-daemon:/usr/bin/rtpengine"  # media bridge WebRTC <-> plain RTP (userspace, table = -1)
  "baresip-core:/usr/bin/baresip"        # desk-phone-class SIP client (ctrl_tcp, sndfile, ausine)
  "firefox-esr:/usr/bin/firefox-esr"     # the second test engine (Gecko, driven over WebDriver BiDi)
  "webkit2gtk-driver:/usr/bin/WebKitWebDriver"  # the third engine (WebKitGTK), probed by scripts/probe-engines.mjs
  "xvfb:xvfb-run"                        # a display for WebKitGTK's MiniBrowser (it has no headless mode)
  "gstreamer1.0-plugins-good:"           # WebKitGTK's media pipeline (mp4 muxing)
  "gstreamer1.0-plugins-bad:"            # WebKitGTK's MediaRecorder (its encoders; absent, it is "unsupported on this platform")
)

present() { # present PACKAGE PROOF
  local pkg="$1" proof="$2"
  if [[ "$pkg" == chromium && -n "${CHROMIUM_PATH:-}" ]]; then proof="$CHROMIUM_PATH"; fi
  if [[ -z "$proof" ]]; then dpkg -s "$pkg" >/dev/null 2>&1
  elif [[ "$proof" == /* ]]; then [[ -x "$proof" ]]
  else command -v "$proof" >/dev/null 2>&1
  fi
}

missing=()
for entry in "${PACKAGES[@]}"; do
  present "${entry%%:*}" "${entry#*:}" || missing+=("${entry%%:*}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

browser_help() {
  echo "The browser tests need Chromium or Chrome >= 120: install the 'chromium' package, or point at one with" >&2
  echo "  CHROMIUM_PATH=/path/to/chrome npm test" >&2
}

if [[ -n "${CHROMIUM_PATH:-}" && ! -x "$CHROMIUM_PATH" ]]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  browser_help
  exit 1
fi

if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages for the tests: ${missing[*]}" >&2
  echo "  as root on Debian/Ubuntu: apt-get install ${missing[*]}" >&2
  [[ " ${missing[*]} " == *" chromium "* ]] && browser_help
  exit 1
fi

echo "Installing system packages for the tests: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
for entry in "${PACKAGES[@]}"; do
  if ! present "${entry%%:*}" "${entry#*:}"; then
    echo "Installed ${entry%%:*}, but ${entry#*:} is still missing." >&2
    exit 1
  fi
done
echo "Using $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
