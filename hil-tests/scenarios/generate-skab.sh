#!/usr/bin/env bash
# Writes one scenario per SKAB file (hil-tests/scenarios/skab/<folder>-<n>.yaml) from skab-template.yaml.in.
# The data are not vendored (GPL-3.0): the scenarios name them under ${shared}. Run from anywhere:
#   hil-tests/scenarios/generate-skab.sh [SHARED_DIR]   (default ../shared beside the checkout)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${1:-${IRONLOOP_SHARED_DIR:-$here/../../../shared}}"
out="$here/skab"
mkdir -p "$out"
rm -f "$out"/*.yaml
count=0
for csv in $(cd "$shared/data/skab" && ls */*.csv | sort -V); do
  name="$(echo "${csv%.csv}" | tr '/' '-')"
  # Every file is replayed whole (at most 1400 rows at 1 Hz; anomaly-free is cut to 1400 s to keep CI short).
  sed -e "s#@FILE@#$csv#" -e "s#@SECONDS@#1400#" "$here/skab-template.yaml.in" > "$out/$name.yaml"
  count=$((count + 1))
done
echo "wrote $count scenarios in $out"
