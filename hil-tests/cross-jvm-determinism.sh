#!/usr/bin/env bash
# Replays the pump station lockstep on JDK 17 and on every other JDK found (21, 25) and checks the
# telemetry is byte-identical: the simulation uses StrictMath and fixed-decimal JSON, so it must be.
# Also replays two scenarios and compares the hash of every output.
# Usage: hil-tests/cross-jvm-determinism.sh   (after the jar is built, e.g. by ./ironloop --help)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/firmware/target/ironloop.jar"
[ -f "$jar" ] || { echo "cross-jvm: $jar missing; run ./ironloop --help first" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run() {
  local extra=() major
  major="$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
  [ -n "$major" ] && [ "$major" -ge 23 ] && extra+=(--sun-misc-unsafe-memory-access=allow)  # as ./ironloop does
  "$1/bin/java" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED ${extra[@]+"${extra[@]}"} \
    -Dironloop.home="$root" -jar "$jar" demo --fast --seconds 120 --no-mqtt --seed 7 --telemetry-out "$2" >/dev/null
}
# A replayed scenario (plant, injected faults, device models, drivers, loops, telemetry): the hash of every
# output it prints must be the same on every JDK too.
scenarios=("$root/hil-tests/scenarios/pump/over-pressure.yaml" "$root/hil-tests/scenarios/furnace/thermocouple-nan.yaml")
replay_hashes() {
  local extra=() major
  major="$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
  [ -n "$major" ] && [ "$major" -ge 23 ] && extra+=(--sun-misc-unsafe-memory-access=allow)
  "$1/bin/java" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED ${extra[@]+"${extra[@]}"} \
    -Dironloop.home="$root" -jar "$jar" replay "${scenarios[@]}" 2>/dev/null | sed -n 's/^\([^:]*\): .*hash \([0-9a-f]*\))$/\1 \2/p' > "$2"
  [ "$(wc -l < "$2")" -eq "${#scenarios[@]}" ] || { echo "cross-jvm: replay printed no hash on $1" >&2; exit 1; }
}
reference="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
run "$reference" "$out/reference.jsonl"
replay_hashes "$reference" "$out/reference.hashes"
checked=0
for jdk in /usr/lib/jvm/*; do
  [ -x "$jdk/bin/java" ] || continue
  [ "$(readlink -f "$jdk")" = "$(readlink -f "$reference")" ] && continue
  version="$("$jdk/bin/java" -version 2>&1 | head -n 1)"
  case "$version" in *'"1.'*|*'"11'*|*'"16'*) continue ;; esac
  run "$jdk" "$out/other.jsonl"
  replay_hashes "$jdk" "$out/other.hashes"
  if cmp -s "$out/reference.hashes" "$out/other.hashes"; then
    echo "cross-jvm: identical replay hashes on $version ($(tr '\n' ' ' < "$out/other.hashes"))"
  else
    echo "cross-jvm: replay hashes DIFFER on $version ($jdk):" >&2
    diff "$out/reference.hashes" "$out/other.hashes" >&2 || true
    exit 1
  fi
  if cmp -s "$out/reference.jsonl" "$out/other.jsonl"; then
    echo "cross-jvm: identical telemetry on $version"
    checked=$((checked + 1))
  else
    echo "cross-jvm: telemetry DIFFERS on $version ($jdk)" >&2
    exit 1
  fi
done
echo "cross-jvm: $checked other JDK(s) checked against $("$reference/bin/java" -version 2>&1 | head -n 1)"
