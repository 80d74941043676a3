#!/usr/bin/env bash
# Runs the ONNX advisor tests (firmware's OnnxModelTest) inside board-vm's emulated Cortex-A72, where ONNX
# Runtime 1.21 once died with an illegal instruction (onnxruntime#23957): the committed model is loaded and
# run by the linux-aarch64 natives of onnxruntime 1.29.0. Compiles on the host, runs one JVM in the guest,
# exits with the tests' status. Without the tool it skips (exit 0) unless IRONLOOP_REQUIRE_SHARED=1.
# Needs root (board-vm does). Usage: hil-tests/board-vm/run-onnx.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
tool=$(realpath -m "${IRONLOOP_SHARED_DIR:-../shared}/tools/board-vm")

if [ ! -x "$tool/run" ] || [ ! -x "$tool/build" ]; then
  if [ "${IRONLOOP_REQUIRE_SHARED:-0}" = 1 ]; then
    echo "board-vm onnx: FAILED: board-vm tool not found at $tool (IRONLOOP_REQUIRE_SHARED=1)" >&2
    exit 1
  fi
  echo "board-vm onnx: skipped: board-vm tool not found at $tool"
  exit 0
fi

start=$(date +%s)
out=firmware/target/board-vm-onnx
rm -rf "$out"
mkdir -p "$out/lib" "$out/reports" "$out/tmp"

"$tool/build"
# Test scope includes the provided onnxruntime jar (54 MB, natives for every platform; the guest picks linux-aarch64).
mvn -B -q -ntp -pl firmware -am test-compile dependency:copy-dependencies \
  -DincludeScope=test -DexcludeGroupIds=io.ironloop -DoutputDirectory="$repo/$out/lib"
launcher=$(find "${HOME}/.m2/repository/org/junit/platform/junit-platform-console-standalone" -name 'junit-platform-console-standalone-*.jar' | sort | tail -1)
cp "$launcher" "$out/lib/"

cp="../hal/target/classes:../control-loops/target/classes:target/classes:target/test-classes"
status=0
# The test's relative paths are the module's (as under Surefire): run from firmware/. ONNX Runtime unpacks its
# native library to java.io.tmpdir: a directory on the share, since the guest's root is read-only.
"$tool/run" --share "$repo" --timeout 900 -- bash -c "cd firmware && uname -m && grep -m1 -i 'cpu part' /proc/cpuinfo; \
  java -XX:+UseSerialGC -Xmx384m -Djava.io.tmpdir=/work/$out/tmp -cp '$cp:/work/$out/lib/*' \
    -Dironloop.onnx.model=../board-configs/models/pump-advisor.onnx \
    org.junit.platform.console.ConsoleLauncher execute --select-class io.ironloop.firmware.advisor.OnnxModelTest \
    --details tree --disable-banner --disable-ansi-colors --reports-dir /work/$out/reports" || status=$?
echo "board-vm onnx: exit status $status after $(( $(date +%s) - start )) s (JUnit XML in $out/reports)"
exit $status
