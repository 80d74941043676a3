#!/usr/bin/env bash
# Builds Ironloop and runs every test suite:
#   1. Maven verify over all modules (unit, wiring, HIL replay, architecture, config fixtures);
#   2. the board-vm suite (the pi4j backend on a real kernel in an emulated Pi 4), where the
#      board-vm tool from ../shared is present and we are root; skipped with a reason otherwise,
#      unless IRONLOOP_REQUIRE_SHARED=1 (CI), which makes it mandatory.
# Ends with one line: "tests: N passed, N failed, N skipped".
# Usage: ./test.sh [extra Maven arguments]
set -uo pipefail
cd "$(dirname "$0")"

status=0
rm -rf ./*/target/surefire-reports hil-tests/target/board-vm/reports   # count only this run's reports
mvn -B -ntp verify "$@" || status=$?

if [ "$status" = 0 ]; then
  if [ "$(id -u)" != 0 ] && [ "${IRONLOOP_REQUIRE_SHARED:-0}" != 1 ]; then
    echo "board-vm suite: skipped: it boots an emulated board and needs root (run ./test.sh as root, as CI does)"
  else
    hil-tests/board-vm/run-suite.sh || status=$?
    # The .deb installed into the board-vm's arm64 root (writes packaging/target/surefire-reports/TEST-install.xml).
    packaging/test-install.sh || status=$?
  fi
fi

# One closing line over every JUnit report this run wrote (each <testsuite> element's counts).
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml hil-tests/target/board-vm/reports/*.xml)
if [ ${#reports[@]} -gt 0 ]; then
  grep -ho '<testsuite [^>]*>' "${reports[@]}" | awk '
    function count(name,   m) { return match($0, name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0 : 0 }
    { tests += count("tests"); failed += count("failures") + count("errors"); skipped += count("skipped") }
    END { printf "tests: %d passed, %d failed, %d skipped\n", tests - failed - skipped, failed, skipped }'
fi
exit "$status"
