#!/usr/bin/env bash
# Builds Ironloop and runs every test suite. Usage: ./test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -ntp verify "$@"
