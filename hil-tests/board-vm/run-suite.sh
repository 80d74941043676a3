#!/usr/bin/env bash
# Runs the board-vm suite: the firmware's pi4j backend inside an emulated aarch64 board (board-vm)
# against real kernel drivers (i2c-dev, spidev, gpiod). Compiles on the host, runs one JVM in the
# guest, exits with the suite's status. Without the tool it skips (exit 0), unless
# IRONLOOP_REQUIRE_SHARED=1 (CI), where a missing tool is a failure. Needs root (board-vm does).
# Usage: hil-tests/board-vm/run-suite.sh [extra JUnit console launcher arguments]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
tool=$(cd "$repo" && realpath -m "${IRONLOOP_SHARED_DIR:-../shared}/tools/board-vm")

if [ ! -x "$tool/run" ] || [ ! -x "$tool/build" ]; then
  if [ "${IRONLOOP_REQUIRE_SHARED:-0}" = 1 ]; then
    echo "board-vm suite: FAILED: board-vm tool not found at $tool (IRONLOOP_REQUIRE_SHARED=1)" >&2
    exit 1
  fi
  echo "board-vm suite: skipped: board-vm tool not found at $tool"
  exit 0
fi

start=$(date +%s)
out=hil-tests/target/board-vm
rm -rf "$out"
mkdir -p "$out/lib" "$out/reports"

echo "board-vm suite: building the board (cached after the first time)"
"$tool/build"

echo "board-vm suite: compiling on the host"
# io.ironloop modules go on the class path as target/classes (nothing is packaged or installed)
mvn -B -q -ntp -Pboard-vm -pl hil-tests -am test-compile dependency:copy-dependencies \
  -DincludeScope=test -DexcludeGroupIds=io.ironloop -DoutputDirectory="$repo/$out/lib"

cp="hal/target/classes:control-loops/target/classes:firmware/target/classes:hil-tests/target/test-classes"
[ -d hil-tests/target/classes ] && cp="$cp:hil-tests/target/classes"

echo "board-vm suite: running in the guest"
status=0
"$tool/run" --share "$repo" --timeout 900 -- \
  java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m \
    -cp "$cp:$out/lib/*" org.junit.platform.console.ConsoleLauncher execute \
    --select-class io.ironloop.hil.boardvm.BoardVmPi4jTest --select-class io.ironloop.hil.boardvm.BoardVmRecordTest \
    '--config=junit.jupiter.testclass.order.default=org.junit.jupiter.api.ClassOrderer$OrderAnnotation' \
    --include-tag board-vm --include-engine junit-jupiter \
    --details tree --disable-banner --disable-ansi-colors \
    --reports-dir "$out/reports" "$@" || status=$?

echo "board-vm suite: exit status $status after $(( $(date +%s) - start )) s (JUnit XML in $out/reports)"
exit $status
