#!/usr/bin/env bash
# ctest FIXTURES_SETUP for the azure tests: starts Azurite's blob service on 127.0.0.1 on a free
# port with a fresh temporary location, waits until it accepts connections, and writes
# STATE_DIR/endpoint and STATE_DIR/pid for the tests and stop_azurite.sh.
# A free port rather than 10000: a Release and an ASan build may run their suites on one machine.
# usage: start_azurite.sh STATE_DIR TOOLS_DIR
set -euo pipefail
state=$1
tools=$2
azurite=$tools/node_modules/.bin/azurite-blob
if [ ! -x "$azurite" ]; then
  echo "start_azurite: $azurite is missing; run scripts/install-test-tools.sh" >&2
  exit 1
fi
if [ -f "$state/pid" ]; then bash "$(dirname "$0")/stop_azurite.sh" "$state"; fi
rm -rf "$state"
mkdir -p "$state/data"

for try in 1 2 3 4 5; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # setsid + closed stdio: ctest waits for the fixture's output pipes, so Azurite must not hold them.
  setsid "$azurite" --blobHost 127.0.0.1 --blobPort "$port" --location "$state/data" \
    --disableTelemetry --silent </dev/null >"$state/azurite.log" 2>&1 &
  pid=$!
  echo "$pid" >"$state/pid"
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if grep -q "successfully listens" "$state/azurite.log" 2>/dev/null &&
       (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "http://127.0.0.1:$port/devstoreaccount1" >"$state/endpoint"
      echo "start_azurite: Azurite (pid $pid) on 127.0.0.1:$port, data in $state/data"
      exit 0
    fi
    sleep 0.1
  done
  # Lost the race for the port, or too slow: stop this one and try another port.
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "start_azurite: attempt $try on port $port failed:" >&2
  cat "$state/azurite.log" >&2 || true
done
rm -f "$state/pid"
exit 1
