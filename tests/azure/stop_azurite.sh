#!/usr/bin/env bash
# ctest FIXTURES_CLEANUP: stops the Azurite that start_azurite.sh started (by its pid) and removes
# its data. usage: stop_azurite.sh STATE_DIR
set -uo pipefail
state=$1
if [ -f "$state/pid" ]; then
  pid=$(cat "$state/pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null
fi
rm -rf "$state"
exit 0
