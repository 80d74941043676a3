#!/usr/bin/env bash
# The status page in a real browser: starts the pump station on the sim board with its page on a free
# port (port 0: the firmware picks one and prints it), drives the page with Debian's headless Chromium
# through playwright-core (page.test.mjs), then stops the firmware with SIGTERM and checks it exits 0. Output (screenshot, latency) in OUT_DIR.
# Skips with a message when chromium or node is absent, unless IRONLOOP_REQUIRE_SHARED=1 (CI).
# Usage: hil-tests/browser/run.sh [OUT_DIR]   (default: hil-tests/target/browser)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/hil-tests/target/browser}"
mkdir -p "$out"

skip() {
  if [ "${IRONLOOP_REQUIRE_SHARED:-0}" = 1 ]; then
    echo "browser test: FAILED: $1 (IRONLOOP_REQUIRE_SHARED=1 makes it mandatory)" >&2
    exit 1
  fi
  echo "browser test: skipped: $1"
  exit 0
}
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install -y chromium)"
command -v node >/dev/null 2>&1 || skip "no node (apt-get install -y nodejs npm)"
if [ ! -d "$here/node_modules/playwright-core" ]; then
  command -v npm >/dev/null 2>&1 || skip "no npm to install playwright-core"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi

token="$out/page-token"
head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$token"
chmod 600 "$token"
log="$out/firmware.log"

"$repo/ironloop" --version >/dev/null   # build first, so the start-up wait below is the firmware's own
# Its own counters directory: the machine's instance lock lives there, so a pump station someone else
# runs on this host does not refuse this one.
IRONLOOP_JAVA_OPTS="${IRONLOOP_JAVA_OPTS:-} -Dironloop.counters.dir=$out/counters" "$repo/ironloop" run "$repo/board-configs/machines/pump-station.yaml" --no-mqtt --page-port 0 \
  --page-token-file "$token" >"$log" 2>&1 &
firmware=$!
stop() {
  if kill -0 "$firmware" 2>/dev/null; then
    kill -TERM "$firmware"
    wait "$firmware" || true
  fi
}
trap stop EXIT

url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/^status page: \(http[^ ]*\) .*/\1/p' "$log" | head -n 1)"
  [ -n "$url" ] && break
  kill -0 "$firmware" 2>/dev/null || { cat "$log" >&2; echo "browser test: FAILED: the firmware exited before serving its page" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; echo "browser test: FAILED: no 'status page:' line in 30 s" >&2; exit 1; }
echo "firmware pid $firmware serves $url"

status=0
node "$here/page.test.mjs" "$url" "$token" "$out" || status=$?

trap - EXIT
kill -TERM "$firmware"
firmware_status=0
wait "$firmware" || firmware_status=$?
if [ "$firmware_status" != 0 ]; then
  tail -n 20 "$log" >&2
  echo "browser test: FAILED: the firmware exited $firmware_status after SIGTERM (expected 0)" >&2
  exit 1
fi
grep -q "SIGTERM: every output at its safe value" "$log" || { echo "browser test: FAILED: no safe-outputs line after SIGTERM" >&2; exit 1; }
[ "$status" = 0 ] || { echo "browser test: FAILED (log: $log)" >&2; exit "$status"; }
# The page's setpoint went through the machine's command gateway and was applied by the control agent
# (the gateway logs each command it answers, with the page as its channel and principal).
grep -q "JsonCommandGateway - command page-.* from page on page applied: setpoint" "$log" \
  || { echo "browser test: FAILED: no setpoint from the page applied through the command gateway in $log" >&2; exit 1; }
echo "browser test: passed (screenshot $out/page.png)"
